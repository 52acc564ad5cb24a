// Figures: for every module, the PNG, SVG and PDF of one state are the same figure (the SVG
// rasterised matches the PNG; the PDF has the page size and the title), they carry the title
// and the step, no widget is painted (no scroll bars, combo boxes or buttons), and code keeps
// its columns in the SVG.
#include "conceptmodule.h"
#include "moduleregistry.h"
#include "viewrenderer.h"

#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTextDocument>

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

using namespace conceptlab;

namespace {

const QStringList kModules { QStringLiteral("graphcapture"), QStringLiteral("batching"), QStringLiteral("hashring"),
    QStringLiteral("lambda"), QStringLiteral("underflow"), QStringLiteral("unrolling") };
const QSize kSize(960, 540);

/// Counts paint events sent to widgets (a widget grab sends them; a figure must not).
class PaintCounter : public QObject {
public:
    QStringList painted;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && watched->isWidgetType())
            painted.append(QString::fromLatin1(watched->metaObject()->className()));
        return false;
    }
};

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// A view of the module's defaults at `request`, ready to draw.
struct Shown {
    ConceptModule *module = nullptr;
    std::unique_ptr<ConceptView> view;
    FigureCaption caption;
    QString error;
};

Shown show(ModuleRegistry &registry, const QString &id, StepRequest request)
{
    Shown shown;
    const ModuleInfo *info = registry.find(id);
    if (!info)
        return shown;
    shown.module = registry.load(id, &shown.error);
    if (!shown.module)
        return shown;
    ParameterValues values = shown.module->parameters().defaults();
    if (id == QLatin1String("unrolling"))
        values.insert(QStringLiteral("measure"), false); // timings differ run to run
    SteppedSession stepped = steppedSession(*shown.module, values, request);
    if (!stepped.error.isEmpty()) {
        shown.error = stepped.error;
        return shown;
    }
    shown.caption = { info->title, stepped.step, stepped.lastStep };
    shown.view.reset(shown.module->createView(nullptr));
    shown.view->resize(kSize);
    shown.view->showSession(std::move(stepped.session));
    if (!waitWhileBusy(shown.view.get(), 120000))
        shown.error = QStringLiteral("the view stayed busy");
    return shown;
}

QImage rasterise(const QByteArray &svg)
{
    QSvgRenderer renderer(svg);
    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(kSize)));
    return image;
}

/// The share of pixels whose colour differs by more than `tolerance` in some channel.
double differingShare(const QImage &a, const QImage &b, int tolerance)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    if (x.size() != y.size())
        return 1;
    qint64 differing = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(row));
        const auto *q = reinterpret_cast<const QRgb *>(y.constScanLine(row));
        for (int column = 0; column < x.width(); ++column) {
            const int d = std::max({ std::abs(qRed(p[column]) - qRed(q[column])),
                std::abs(qGreen(p[column]) - qGreen(q[column])), std::abs(qBlue(p[column]) - qBlue(q[column])) });
            if (d > tolerance)
                ++differing;
        }
    }
    return static_cast<double>(differing) / (static_cast<double>(x.width()) * x.height());
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

/// The PDF's UTF-16 form of `text`, as Qt writes strings in the document information.
QByteArray pdfUtf16(const QString &text)
{
    QByteArray bytes;
    for (const QChar c : text) {
        bytes.append(static_cast<char>(c.unicode() >> 8));
        bytes.append(static_cast<char>(c.unicode() & 0xff));
    }
    return bytes;
}

class Figures : public ::testing::Test {
protected:
    void SetUp() override { m_registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) }); }

    ModuleRegistry m_registry;
};

} // namespace

TEST_F(Figures, PngSvgAndPdfAreTheSameFigure)
{
    QTemporaryDir dir;
    int tested = 0;
    for (const QString &id : kModules) {
        SCOPED_TRACE(id.toStdString());
        Shown shown = show(m_registry, id, StepRequest::end());
        if (!shown.module)
            continue;
        ASSERT_TRUE(shown.error.isEmpty()) << shown.error.toStdString();
        ++tested;
        const QString svgPath = dir.filePath(id + QStringLiteral(".svg"));
        const QString pdfPath = dir.filePath(id + QStringLiteral(".pdf"));
        const QString pngPath = dir.filePath(id + QStringLiteral(".png"));

        PaintCounter counter;
        qApp->installEventFilter(&counter);
        const QImage png = renderFigureImage(shown.view.get(), kSize, shown.caption);
        ASSERT_EQ(renderFigureToFile(shown.view.get(), svgPath, kSize, shown.caption), QString());
        ASSERT_EQ(renderFigureToFile(shown.view.get(), pdfPath, kSize, shown.caption), QString());
        ASSERT_EQ(renderFigureToFile(shown.view.get(), pngPath, kSize, shown.caption), QString());
        qApp->removeEventFilter(&counter);
        EXPECT_TRUE(counter.painted.isEmpty())
            << "widgets painted into the figure: " << counter.painted.join(QStringLiteral(", ")).toStdString();
        EXPECT_EQ(QImage(pngPath).size(), kSize);

        // The SVG drawn by Qt's own renderer is the PNG, but for antialiasing at edges.
        const QByteArray svg = readAll(svgPath);
        const QImage raster = rasterise(svg);
        const double share = differingShare(png, raster, 96);
        std::printf("%s: %s %% of the pixels differ between PNG and SVG\n", qPrintable(id),
            qPrintable(QString::number(100 * share, 'f', 4))); // not printf's %f: it follows the locale
        EXPECT_LT(share, 0.01) << "of the pixels differ between the PNG and the rasterised SVG";
        if (share >= 0.01) {
            raster.save(dir.filePath(id + QStringLiteral("-svg.png")));
            dir.setAutoRemove(false);
            ADD_FAILURE() << "kept in " << dir.path().toStdString();
        }
        EXPECT_TRUE(svg.contains(escaped(shown.caption.moduleTitle).toUtf8())) << "no title in the SVG";
        EXPECT_TRUE(svg.contains(shown.caption.stepText().toUtf8())) << "no step in the SVG";
        EXPECT_TRUE(shown.caption.stepText().startsWith(QStringLiteral("step ")));
        EXPECT_EQ(shown.caption.step, shown.caption.lastStep) << "the end is the last step";

        const QByteArray pdf = readAll(pdfPath);
        EXPECT_TRUE(pdf.startsWith("%PDF-"));
        // 960 × 540 pixels at 96 to the inch are 720 × 405 points.
        EXPECT_TRUE(pdf.contains("/MediaBox [0 0 720.000000 405.000000]")) << "page size";
        EXPECT_TRUE(pdf.contains(pdfUtf16(shown.caption.moduleTitle))) << "no title in the PDF";
    }
    EXPECT_GT(tested, 0) << "no module was built";
}

TEST_F(Figures, TheWidgetGrabWouldBeSeen)
{
    // The counter above can fail: drawing a view's widgets (the default figure body) paints them.
    Shown shown = show(m_registry, QStringLiteral("hashring"), StepRequest::at(1));
    if (!shown.module)
        GTEST_SKIP() << "the hashring module is not built";
    PaintCounter counter;
    qApp->installEventFilter(&counter);
    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    shown.view->render(&image);
    qApp->removeEventFilter(&counter);
    EXPECT_FALSE(counter.painted.isEmpty());
}

TEST_F(Figures, CodeKeepsItsColumnsInSvg)
{
    Shown shown = show(m_registry, QStringLiteral("graphcapture"), StepRequest::end());
    if (!shown.module)
        GTEST_SKIP() << "the graphcapture module is not built";
    ASSERT_TRUE(shown.error.isEmpty()) << shown.error.toStdString();
    QTemporaryDir dir;
    const QString svgPath = dir.filePath(QStringLiteral("code.svg"));
    ASSERT_EQ(renderFigureToFile(shown.view.get(), svgPath, kSize, shown.caption), QString());
    const QString svg = QString::fromUtf8(readAll(svgPath));
    const QString mono = QFontInfo(QFontDatabase::systemFont(QFontDatabase::FixedFont)).family();

    // The program's text runs in the monospace font, by baseline.
    static const QRegularExpression run(
        QStringLiteral("<text [^>]*x=\"([0-9.]+)\" y=\"([0-9.]+)\" font-family=\"([^\"]+)\" "
                       "font-size=\"([0-9.]+)\"[^>]*>([^<]*)</text>"));
    std::map<double, QList<std::pair<double, QString>>> lines;
    std::map<double, int> pixelsOf; // font size of each baseline's runs
    for (auto it = run.globalMatch(svg); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.captured(3) != mono)
            continue;
        QTextDocument unescape;
        unescape.setHtml(m.captured(5));
        lines[m.captured(2).toDouble()].append({ m.captured(1).toDouble(), unescape.toPlainText() });
        pixelsOf[m.captured(2).toDouble()] = m.captured(4).toInt();
    }
    ASSERT_FALSE(lines.empty()) << "no monospace text in the SVG";

    // Every run of every program line starts at the column of its text.
    int checkedLines = 0;
    int checkedRuns = 0;
    for (const auto &[baseline, runs] : lines) {
        QFont font(mono);
        font.setPixelSize(pixelsOf[baseline]);
        font.setHintingPreference(QFont::PreferNoHinting);
        const double advance = QFontMetricsF(font).horizontalAdvance(QLatin1Char('0'));
        // A program line: its first run is the line number; then the code.
        if (runs.size() < 3)
            continue;
        bool isNumber = false;
        runs.front().second.toInt(&isNumber);
        if (!isNumber)
            continue;
        const double gutterEnd = runs.front().first + advance * static_cast<double>(runs.front().second.size());
        QString rebuilt;
        for (qsizetype i = 1; i < runs.size(); ++i) {
            const double columns = (runs[i].first - gutterEnd) / advance;
            EXPECT_NEAR(columns, std::round(columns), 0.02)
                << "run '" << runs[i].second.toStdString() << "' is off the grid";
            const auto column = static_cast<qsizetype>(std::lround(columns)) - 1; // one blank after the number
            if (column >= 0) {
                if (rebuilt.size() < column)
                    rebuilt += QString(column - rebuilt.size(), QLatin1Char(' '));
                rebuilt.replace(column, runs[i].second.size(), runs[i].second);
                ++checkedRuns;
            }
        }
        // The rebuilt line reads like a line of the program: no spaces lost or added in words.
        EXPECT_FALSE(rebuilt.contains(QStringLiteral("torch  ."))) << rebuilt.toStdString();
        if (rebuilt.trimmed() == QStringLiteral("y = torch.relu(x)"))
            ++checkedLines;
    }
    EXPECT_GT(checkedRuns, 10);
    EXPECT_EQ(checkedLines, 1) << "the line 'y = torch.relu(x)' is not rebuilt from the SVG's runs";
}

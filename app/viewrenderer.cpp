// Stepping sessions and views, and rendering figures to PNG, SVG and PDF.
#include "viewrenderer.h"

#include "conceptmodule.h"

#include <QApplication>
#include <QBuffer>
#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QHashFunctions>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QThread>

#include <cmath>

namespace conceptlab {

namespace {

    // Every figure device works at 96 dots per inch, as images do: a font sized in points
    // (e.g. in a chart or a graph scene) takes the same room in a PNG, an SVG and a PDF.
    constexpr int kFigureDpi = 96;

    // Qt stamps a PDF with the time and a random document id: fixed, an export is the same file
    // every time. The replacements keep every length, so the cross-reference table stays valid.
    void makePdfReproducible(QByteArray &bytes)
    {
        static const QRegularExpression date(QStringLiteral("\\(D:([0-9]{14}[^)]{0,8})\\)"));
        static const QRegularExpression xmpDate(
            QStringLiteral("([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+\\-Z0-9:]{0,6})"));
        static const QRegularExpression uuid(
            QStringLiteral("([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"));
        QString text = QString::fromLatin1(bytes);
        auto blank = [&text](const QRegularExpression &pattern) {
            QRegularExpressionMatchIterator it = pattern.globalMatch(text);
            QList<QRegularExpressionMatch> matches;
            while (it.hasNext())
                matches.append(it.next());
            for (const QRegularExpressionMatch &match : matches)
                for (qsizetype i = match.capturedStart(1); i < match.capturedEnd(1); ++i)
                    if (text[i].isLetterOrNumber())
                        text[i] = QLatin1Char('0');
        };
        blank(date);
        blank(xmpDate);
        blank(uuid);
        bytes = text.toLatin1();
    }

    QString writePdf(ConceptView *view, const QString &path, QSize size, const FigureCaption &caption)
    {
        // The PDF writer keeps its fonts in a hash: with Qt's random seed they come out in a
        // different order every run.
        QHashSeed::setDeterministicGlobalSeed();
        QByteArray bytes;
        {
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            QPdfWriter writer(&buffer);
            writer.setResolution(kFigureDpi);
            writer.setCreator(QStringLiteral("ConceptLab"));
            writer.setTitle(caption.moduleTitle);
            const QSizeF points(size.width() * 72.0 / kFigureDpi, size.height() * 72.0 / kFigureDpi);
            writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
            QPainter painter;
            if (!painter.begin(&writer))
                return QStringLiteral("cannot write '%1'").arg(path);
            view->paintFigure(painter, QRectF(QPointF(0, 0), QSizeF(size)), caption);
            painter.end();
        }
        makePdfReproducible(bytes);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return QStringLiteral("cannot write '%1': %2").arg(path, file.errorString());
        return {};
    }

} // namespace

SteppedSession steppedSession(
    ConceptModule &module, const ParameterValues &values, StepRequest request, const WorkControl &control)
{
    SteppedSession result;
    try {
        result.session = module.createSession(values, control);
        // To the end first: the figure says "step N of M", and a step past the end shows the end.
        int last = 0;
        while (last < kMaxFigureStep && result.session->stepForward()) {
            if (++last % 1024 == 0)
                control.checkpoint();
        }
        result.lastStep = result.session->atEnd() ? last : -1;
        const int wanted = request.kind == StepRequest::Kind::End ? last : request.number;
        result.clamped = wanted > last;
        result.step = std::min(wanted, last);
        if (result.step != last) {
            result.session->reset();
            for (int i = 0; i < result.step; ++i)
                result.session->stepForward();
        }
    } catch (const Cancelled &) {
        throw;
    } catch (const std::exception &error) {
        result.session.reset();
        result.error = QString::fromUtf8(error.what());
    }
    return result;
}

SteppedSession steppedSession(ConceptModule &module, const ParameterValues &values, StepRequest request)
{
    return steppedSession(module, values, request, WorkControl());
}

bool waitWhileBusy(ConceptView *view, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QCoreApplication::processEvents();
    while (view->isBusy()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    QCoreApplication::processEvents();
    return true;
}

QString advanceView(ConceptView *view, const ParameterValues &values, int step, int timeoutMs)
{
    view->setParameters(values);
    if (!waitWhileBusy(view, timeoutMs))
        return QStringLiteral("the view did not finish preparing within %1 s").arg(timeoutMs / 1000);
    if (QString error = view->inputError(); !error.isEmpty())
        return error;
    view->stepTo(step); // a step past the end stops at the end
    return {};
}

QStringList figureFormats()
{
    return { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf") };
}

QImage renderFigureImage(ConceptView *view, QSize size, const FigureCaption &caption)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    const int dotsPerMeter = static_cast<int>(std::lround(kFigureDpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::white);
    QPainter painter(&image);
    view->paintFigure(painter, QRectF(QPointF(0, 0), QSizeF(size)), caption);
    painter.end();
    return image;
}

QString renderFigureToFile(ConceptView *view, const QString &path, QSize size, const FigureCaption &caption)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        if (!renderFigureImage(view, size, caption).save(path, "PNG"))
            return QStringLiteral("cannot write '%1'").arg(path);
        return {};
    }
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setResolution(kFigureDpi);
        generator.setTitle(caption.moduleTitle);
        generator.setDescription(caption.stepText());
        QPainter painter;
        if (!painter.begin(&generator))
            return QStringLiteral("cannot write '%1'").arg(path);
        view->paintFigure(painter, QRectF(QPointF(0, 0), QSizeF(size)), caption);
        painter.end();
        return {};
    }
    if (suffix == QLatin1String("pdf"))
        return writePdf(view, path, size, caption);
    return QStringLiteral("unsupported picture format '.%1'; expected .png, .svg or .pdf").arg(suffix);
}

} // namespace conceptlab

// The unrolling view: sources, assembly, timeline and charts of one analysis.
#include "unrollingview.h"

#include "charttheme.h"
#include "core/unrollingsession.h"
#include "pipelinetimeline.h"
#include "unrollingmodule.h"
#include "viewfonts.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPlainTextEdit>
#include <QScatterSeries>
#include <QSplitter>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace conceptlab::unrolling {

namespace {
    QPlainTextEdit *codeBox(QWidget *parent)
    {
        auto *box = new QPlainTextEdit(parent);
        box->setReadOnly(true);
        box->setLineWrapMode(QPlainTextEdit::NoWrap);
        followApplicationFont(box, { .fixedPitch = true });
        return box;
    }

    QChartView *chartView(QWidget *parent)
    {
        auto *chart = new QChart;
        applyChartTheme(chart);
        auto *view = new QChartView(chart, parent);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(320, 170); // below this the axes lose their labels
        return view;
    }

    QString html(const std::string &text)
    {
        return QString::fromStdString(text).toHtmlEscaped();
    }

    // The assembly as HTML: main-loop instructions tinted by the body copy they come from, the
    // remainder loop marked.
    QString assemblyHtml(const Analysis &a, const QString &highlight)
    {
        const KernelCode &code = a.code;
        const int unroll = a.settings.unroll;
        const std::vector<int> copies = bodyCopies(code.loopBody(), unroll, elementBytes(a.settings.type));
        QString out = QStringLiteral("<pre style='margin:0'>");
        out += QStringLiteral("<span style='color:gray'>; %1</span>\n").arg(html(code.note));
        const std::uint64_t base = code.function.empty() ? 0 : code.function.front().address;
        for (std::size_t i = 0; i < code.function.size(); ++i) {
            const Instruction &ins = code.function[i];
            const bool inLoop = i >= code.loop.begin && i < code.loop.end;
            const bool inRemainder = !code.remainder.empty() && i >= code.remainder.begin && i < code.remainder.end;
            QString background;
            QString note;
            if (inLoop) {
                if (i == code.loop.begin)
                    out += QStringLiteral("<a name='loop'></a><b>loop:</b>  %1 bytes, %2 elements per iteration\n")
                               .arg(code.loop.bytes)
                               .arg(unroll);
                const int copy = copies[i - code.loop.begin];
                if (copy < 0) {
                    background = QStringLiteral("#e6e6e6");
                    note = QStringLiteral("loop control");
                } else {
                    QColor c = categoryColor(copy);
                    c.setAlpha(70);
                    background = c.name(QColor::HexArgb);
                    note = QStringLiteral("copy %1").arg(copy);
                }
                const QString target = QStringLiteral("instruction:%1").arg(i - code.loop.begin);
                if (highlight == target)
                    background = QStringLiteral("#ffb0b0");
            } else if (inRemainder) {
                if (i == code.remainder.begin)
                    out += QStringLiteral("<b>remainder loop:</b>  %1 bytes\n").arg(code.remainder.bytes);
                background
                    = highlight == QLatin1String("remainder") ? QStringLiteral("#ffb0b0") : QStringLiteral("#fff0c0");
                note = QStringLiteral("remainder");
            }
            const QString offset = code.fromMachineCode
                ? QStringLiteral("%1").arg(ins.address - base, 4, 16, QLatin1Char('0'))
                : QString::number(i);
            QString line = QStringLiteral("%1  %2").arg(offset, html(ins.text()));
            line = line.leftJustified(52, QLatin1Char(' '));
            if (!note.isEmpty())
                line += QStringLiteral("<span style='color:#555'>; %1</span>").arg(note);
            out += background.isEmpty()
                ? line + QLatin1Char('\n')
                : QStringLiteral("<span style='background-color:%1'>%2</span>\n").arg(background, line);
        }
        return out + QStringLiteral("</pre>");
    }
} // namespace

UnrollingView::UnrollingView(QWidget *parent)
    : ConceptView(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Accumulators:"), this));
    m_accumulators = new QComboBox(this);
    m_accumulators->setObjectName(QStringLiteral("accumulators"));
    for (int k : kAccumulatorCounts)
        m_accumulators->addItem(QString::number(k), k);
    bar->addWidget(m_accumulators);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_summary, 1);
    layout->addLayout(bar);

    auto *vertical = new QSplitter(Qt::Vertical, this);
    auto *codes = new QSplitter(Qt::Horizontal, vertical);
    m_rolled = codeBox(codes);
    m_unrolled = codeBox(codes);
    m_assembly = new QTextEdit(codes);
    m_assembly->setReadOnly(true);
    m_assembly->setLineWrapMode(QTextEdit::NoWrap);
    followApplicationFont(m_assembly, { .fixedPitch = true });
    auto *bottom = new QSplitter(Qt::Horizontal, vertical);
    m_timeline = new PipelineTimeline(bottom);
    auto *charts = new QSplitter(Qt::Vertical, bottom);
    m_cyclesChart = chartView(charts);
    m_bytesChart = chartView(charts);
    // Starting shares (the splitter scales them to its size): timeline 3 : charts 2, code 2 : 3 : 4.
    bottom->setSizes({ 300, 200 });
    codes->setSizes({ 200, 300, 400 });
    vertical->setSizes({ 200, 300 });
    layout->addWidget(vertical, 1);

    connect(m_accumulators, &QComboBox::activated, this,
        [this](int index) { Q_EMIT parameterEdited(QStringLiteral("accumulators"), m_accumulators->itemData(index)); });
}

void UnrollingView::setParameters(const ParameterValues &values)
{
    const int k = static_cast<int>(values.value(QStringLiteral("accumulators"), 1).toInt());
    const int index = m_accumulators->findData(k);
    if (index >= 0)
        m_accumulators->setCurrentIndex(index);
    m_summary->setText(tr("Compiling the model, asking llvm-mca and timing the kernels…"));
    buildSession([values](const WorkControl &control) -> std::unique_ptr<Session> {
        return sessionFromValues(values, control);
    });
}

const UnrollingSession *UnrollingView::unrollingSession() const
{
    return dynamic_cast<const UnrollingSession *>(session());
}

void UnrollingView::setHighlight(const QString &target)
{
    m_highlight = target;
    int instruction = -1;
    if (target.startsWith(QLatin1String("instruction:")))
        instruction = target.mid(12).toInt();
    m_timeline->setHighlight(instruction, target == QLatin1String("chain"));
    if (const UnrollingSession *s = unrollingSession()) {
        m_assembly->setHtml(assemblyHtml(s->analysis(), m_highlight));
        m_assembly->scrollToAnchor(QStringLiteral("loop"));
    }
}

QString UnrollingView::figureSubtitle() const
{
    const UnrollingSession *s = unrollingSession();
    if (!s)
        return inputError().section(QLatin1Char('\n'), 0, 0);
    const Analysis &a = s->analysis();
    return tr("unrolled %1×, %2 accumulator(s) · %3")
        .arg(a.settings.unroll)
        .arg(a.chosen.effectiveAccumulators)
        .arg(QTextDocumentFragment::fromHtml(m_summary->text()).toPlainText());
}

void UnrollingView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    const double codeHeight = (rect.height() - style.gap) * 0.45;
    const double column = (rect.width() - style.gap * 2) / 3.5;
    const QRectF rolled(rect.left(), rect.top(), column * 0.9, codeHeight);
    const QRectF unrolled(rolled.right() + style.gap, rect.top(), column * 1.1, codeHeight);
    const QRectF assembly(
        unrolled.right() + style.gap, rect.top(), rect.right() - unrolled.right() - style.gap, codeHeight);
    figure::drawCode(
        painter, figure::drawHeading(painter, rolled, tr("C, rolled"), style), *m_rolled->document(), style);
    figure::drawCode(
        painter, figure::drawHeading(painter, unrolled, tr("C, unrolled"), style), *m_unrolled->document(), style);
    if (const UnrollingSession *s = unrollingSession()) {
        // The loop and what follows it: the instructions before it are the function's prologue.
        QString html = assemblyHtml(s->analysis(), m_highlight);
        const qsizetype loop = html.indexOf(QLatin1String("<a name='loop'>"));
        if (loop > 0)
            html = QStringLiteral("<pre style='margin:0'>") + html.mid(loop);
        figure::drawRichText(
            painter, figure::drawHeading(painter, assembly, tr("Assembly (body copies tinted)"), style), html, style);
    }
    const double bottomTop = rect.top() + codeHeight + style.gap;
    const QRectF bottom(rect.left(), bottomTop, rect.width(), rect.bottom() - bottomTop);
    const double timelineWidth = bottom.width() * 0.5;
    m_timeline->paintFigure(painter, QRectF(bottom.left(), bottom.top(), timelineWidth, bottom.height()), style);
    const QRectF charts(bottom.left() + timelineWidth + style.gap, bottom.top(),
        bottom.width() - timelineWidth - style.gap, bottom.height());
    const double chartWidth = (charts.width() - style.gap) / 2;
    figure::drawChart(
        painter, QRectF(charts.left(), charts.top(), chartWidth, charts.height()), m_cyclesChart->chart(), style);
    figure::drawChart(painter, QRectF(charts.right() - chartWidth, charts.top(), chartWidth, charts.height()),
        m_bytesChart->chart(), style);
}

void UnrollingView::showSnapshot()
{
    const UnrollingSession *s = unrollingSession();
    if (!s) {
        m_timeline->setAnalysis(nullptr);
        if (!inputError().isEmpty())
            m_summary->setText(inputError());
        return;
    }
    if (m_shownAnalysis != &s->analysis())
        showAnalysis();
    m_timeline->setCycle(s->currentStep());
}

void UnrollingView::showAnalysis()
{
    const UnrollingSession *s = unrollingSession();
    const Analysis &a = s->analysis();
    m_shownAnalysis = &a;
    if (const int index = m_accumulators->findData(a.settings.accumulators); index >= 0)
        m_accumulators->setCurrentIndex(index);
    m_timeline->setAnalysis(s->sharedAnalysis());
    m_rolled->setPlainText(
        QStringLiteral("// rolled\n") + QString::fromStdString(kernelSource(a.settings.kernel, a.settings.type, 1, 1)));
    m_unrolled->setPlainText(QStringLiteral("// unrolled %1x, %2 accumulator(s)\n")
                                 .arg(a.settings.unroll)
                                 .arg(a.chosen.effectiveAccumulators)
        + QString::fromStdString(
            kernelSource(a.settings.kernel, a.settings.type, a.settings.unroll, a.settings.accumulators)));
    m_assembly->setHtml(assemblyHtml(a, m_highlight));
    m_assembly->scrollToAnchor(QStringLiteral("loop"));
    const VariantResult &v = a.chosen;
    QString text = tr("<b>%1 cycles/element</b> (model, %2) · bottleneck: %3 · %4 instructions, %5 bytes per loop "
                      "· loop control %6 instructions/element")
                       .arg(QString::fromStdString(formatNumber(v.cyclesPerElement, 3)),
                           QString::fromStdString(a.model.name), QString::fromStdString(v.bottleneck).toHtmlEscaped())
                       .arg(v.loopInstructions)
                       .arg(v.loopBytes)
                       .arg(QString::fromStdString(formatNumber(v.overheadInstructionsPerElement, 3)));
    if (v.llvmMcaCyclesPerElement)
        text += tr(" · llvm-mca %1").arg(QString::fromStdString(formatNumber(*v.llvmMcaCyclesPerElement, 3)));
    if (v.measured)
        text += tr(" · measured %1 ns/element").arg(QString::fromStdString(formatNumber(v.measured->nsPerElement, 3)))
            + (v.measured->cyclesPerElement
                    ? tr(" = %1 cycles").arg(QString::fromStdString(formatNumber(*v.measured->cyclesPerElement, 3)))
                    : QString());
    m_summary->setText(text);
    updateCharts();
}

void UnrollingView::updateCharts()
{
    const Analysis &a = unrollingSession()->analysis();
    auto axisX = [](QChart *chart) {
        auto *axis = new QLogValueAxis;
        axis->setBase(2);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(0.8, 20);
        axis->setTitleText(QObject::tr("unroll factor"));
        chart->addAxis(axis, Qt::AlignBottom);
        return axis;
    };
    // Fresh charts for each analysis: removing axes from a shown chart leaves their labels behind.
    auto *cycles = new QChart;
    applyChartTheme(cycles);
    cycles->setTitle(tr("cycles per element, %1 accumulator(s)").arg(a.settings.accumulators));
    auto *model = new QLineSeries;
    model->setName(tr("model"));
    auto *mca = new QLineSeries;
    mca->setName(tr("llvm-mca"));
    auto *measured = new QLineSeries;
    measured->setName(tr("measured"));
    double top = 0;
    for (const VariantResult &v : a.sweep) {
        if (v.accumulators != a.settings.accumulators)
            continue;
        model->append(v.unroll, v.cyclesPerElement);
        top = std::max(top, v.cyclesPerElement);
        if (v.llvmMcaCyclesPerElement) {
            mca->append(v.unroll, *v.llvmMcaCyclesPerElement);
            top = std::max(top, *v.llvmMcaCyclesPerElement);
        }
        if (v.measured && v.measured->cyclesPerElement) {
            measured->append(v.unroll, *v.measured->cyclesPerElement);
            top = std::max(top, *v.measured->cyclesPerElement);
        }
    }
    QAbstractAxis *x = axisX(cycles);
    auto *y = new QValueAxis;
    y->setRange(0, top * 1.15 + 0.1);
    y->applyNiceNumbers();
    y->setTitleText(tr("cycles"));
    cycles->addAxis(y, Qt::AlignLeft);
    applyChartFonts(cycles);
    int colour = 0;
    for (QLineSeries *series : { model, mca, measured }) {
        // llvm-mca often agrees with the model exactly: dashed, it lets the model show through.
        series->setPen(QPen(categoryColor(colour++), 2.5, series == mca ? Qt::DashLine : Qt::SolidLine));
        series->setPointsVisible(true);
        if (series->count() == 0) {
            delete series;
            continue;
        }
        cycles->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }

    auto *bytes = new QChart;
    applyChartTheme(bytes);
    bytes->setTitle(tr("code size (bytes)"));
    auto *loop = new QLineSeries;
    loop->setName(tr("main loop"));
    auto *remainder = new QLineSeries;
    remainder->setName(tr("remainder loop"));
    double most = 0;
    for (const VariantResult &v : a.sweep) {
        if (v.accumulators != a.settings.accumulators)
            continue;
        loop->append(v.unroll, v.loopBytes);
        remainder->append(v.unroll, v.remainderBytes);
        most = std::max(most, static_cast<double>(v.loopBytes));
    }
    QAbstractAxis *bx = axisX(bytes);
    auto *by = new QValueAxis;
    by->setRange(0, most * 1.1 + 1);
    by->applyNiceNumbers();
    by->setLabelFormat(QStringLiteral("%.0f"));
    by->setTitleText(tr("bytes"));
    bytes->addAxis(by, Qt::AlignLeft);
    applyChartFonts(bytes);
    colour = 3;
    for (QLineSeries *series : { loop, remainder }) {
        series->setPen(QPen(categoryColor(colour++), 2.5));
        series->setPointsVisible(true);
        bytes->addSeries(series);
        series->attachAxis(bx);
        series->attachAxis(by);
    }
    for (auto [view, chart] : { std::pair { m_cyclesChart, cycles }, std::pair { m_bytesChart, bytes } }) {
        QChart *old = view->chart();
        view->setChart(chart);
        delete old;
    }
}

} // namespace conceptlab::unrolling

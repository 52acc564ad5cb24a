// Drawing the pipeline timeline.
#include "pipelinetimeline.h"

#include "charttheme.h"
#include "core/unrollingsession.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <vector>

namespace conceptlab::unrolling {

namespace {
    constexpr int kMaxRows = 64;

    // Where each legend entry starts (x, row), left to right from the left edge and wrapping
    // at `width`, so a narrow timeline shows every entry whole.
    std::vector<std::pair<double, int>> layoutLegend(
        const QFontMetricsF &metrics, double t, double width, const QStringList &names)
    {
        std::vector<std::pair<double, int>> positions;
        double x = 4;
        int row = 0;
        for (const QString &name : names) {
            const double entryWidth = t * 1.33 + metrics.horizontalAdvance(name);
            if (x > 4 && x + entryWidth > width) {
                x = 4;
                ++row;
            }
            positions.emplace_back(x, row);
            x += entryWidth + t;
        }
        return positions;
    }
} // namespace

// Every length follows the painter's font (the widget's, which presenter mode enlarges, or a
// figure's): 12 px text gives a 230 px label column and an 18 px header.
double PipelineTimeline::textHeight(const QPainter &p)
{
    return QFontInfo(p.font()).pixelSize();
}

PipelineTimeline::PipelineTimeline(QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
}

void PipelineTimeline::setAnalysis(std::shared_ptr<const Analysis> analysis)
{
    m_analysis = std::move(analysis);
    update();
}

void PipelineTimeline::setCycle(std::int64_t cycle)
{
    m_cycle = cycle;
    update();
}

void PipelineTimeline::setHighlight(int instruction, bool chain)
{
    m_highlightInstruction = instruction;
    m_highlightChain = chain;
    update();
}

// Cycle numbers every 5 or 10 cycles with dotted guides.
void PipelineTimeline::drawScale(
    QPainter &p, std::int64_t lastCycle, int rows, double rowHeight, double cellWidth, double t) const
{
    // `t`: the text height the layout was made for (the painter's font is the rows' by now).
    const QColor text = palette().color(QPalette::WindowText);
    const double header = t * 1.5;
    const double labelColumn = t * 19.2;
    const std::int64_t every = cellWidth >= t / 2 ? 5 : 10;
    for (std::int64_t c = every; c <= lastCycle; c += every) {
        const double x = labelColumn + cellWidth * static_cast<double>(c);
        p.setPen(text);
        p.drawText(QRectF(x - t * 1.5, 0, t * 3, header), Qt::AlignCenter, QString::number(c));
        p.setPen(QPen(palette().color(QPalette::Mid), 0.5, Qt::DotLine));
        p.drawLine(QPointF(x, header), QPointF(x, header + rowHeight * rows));
    }
}

// The stages' colours along the bottom, in as many lines as `places` laid out.
void PipelineTimeline::drawLegend(
    QPainter &p, QSize size, const std::vector<std::pair<double, int>> &places, double t) const
{
    QColor executing = categoryColor(0);
    QColor waiting = executing;
    waiting.setAlpha(50);
    QColor done = executing;
    done.setAlpha(110);
    const QColor colors[] = { waiting, executing, done, QColor(200, 30, 30) };
    const QStringList names = legendNames();
    const int lines = places.back().second + 1;
    p.setPen(palette().color(QPalette::WindowText));
    for (qsizetype i = 0; i < names.size(); ++i) {
        const auto [x, line] = places[static_cast<std::size_t>(i)];
        const double y = size.height() - t * 1.25 * (lines - line);
        p.fillRect(QRectF(x, y + t / 6, t, t * 0.75), colors[i]);
        p.drawText(QRectF(x + t * 1.33, y, size.width() - x, t * 1.1), Qt::AlignVCenter, names[i]);
    }
}

void PipelineTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    paintContent(p, size());
}

void PipelineTimeline::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::paintScaled(
        painter, rect, font(), style.small, [this](QPainter &scaled, QSize size) { paintContent(scaled, size); });
}

QStringList PipelineTimeline::legendNames()
{
    return { tr("dispatched, waiting"), tr("executing"), tr("done, not retired"), tr("loop-carried chain") };
}

void PipelineTimeline::paintContent(QPainter &p, QSize size) const
{
    p.setRenderHint(QPainter::Antialiasing);
    if (!m_analysis || m_analysis->pipeline.timeline.empty()) {
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter, tr("No timeline"));
        return;
    }
    const auto &timeline = m_analysis->pipeline.timeline;
    const auto body = m_analysis->code.loopBody();
    const double t = textHeight(p);
    const double header = t * 1.5;
    const double labelColumn = t * 19.2;
    const auto legendPlaces = layoutLegend(QFontMetricsF(p.font()), t, size.width(), legendNames());
    const double legend = t * (0.45 + 1.25 * (legendPlaces.back().second + 1));
    // Rows at least one text height, at most 4/3 of it.
    const int fitting = std::max(4, static_cast<int>((size.height() - header - legend) / t));
    const int rows = static_cast<int>(std::min<std::size_t>(timeline.size(), std::min(kMaxRows, fitting)));
    std::int64_t lastCycle = 1;
    for (int i = 0; i < rows; ++i)
        lastCycle = std::max(lastCycle, timeline[static_cast<std::size_t>(i)].retireCycle + 1);
    const double rowHeight = std::max(4.0, std::min(t * 4 / 3, (size.height() - header - legend) / rows));
    const double cellWidth = std::max(1.0, (size.width() - labelColumn - 8.0) / static_cast<double>(lastCycle));
    auto x = [&](std::int64_t cycle) { return labelColumn + cellWidth * static_cast<double>(cycle); };
    auto y = [&](int row) { return header + rowHeight * row; };
    QFont font = p.font();
    font.setPixelSize(static_cast<int>(std::clamp(rowHeight - 3, 6.0, t)));
    p.setFont(font);
    const QColor text = palette().color(QPalette::WindowText);
    p.setPen(text);
    p.drawText(
        QRectF(4, 0, labelColumn, header), Qt::AlignVCenter, tr("[iteration, instruction]  cycle %1").arg(m_cycle));
    drawScale(p, lastCycle, rows, rowHeight, cellWidth, t);
    drawLegend(p, size, legendPlaces, t);
    const int chain = m_analysis->pipeline.bounds.chainInstruction;
    for (int row = 0; row < rows; ++row) {
        const TimelineEntry &e = timeline[static_cast<std::size_t>(row)];
        const QColor iterationColor = categoryColor(e.iteration);
        const bool marked = e.index == m_highlightInstruction || (m_highlightChain && e.index == chain);
        if (rowHeight >= 8) {
            p.setPen(marked ? QColor(200, 30, 30) : text);
            const QString name = QStringLiteral("[%1,%2] %3")
                                     .arg(e.iteration)
                                     .arg(e.index)
                                     .arg(QString::fromStdString(body[static_cast<std::size_t>(e.index)].text()));
            p.drawText(QRectF(4, y(row), labelColumn - 8, rowHeight), Qt::AlignVCenter,
                p.fontMetrics().elidedText(name, Qt::ElideRight, static_cast<int>(labelColumn) - 8));
        }
        const double top = y(row) + 1;
        const double h = rowHeight - 2;
        auto band = [&](std::int64_t from, std::int64_t to, const QColor &color) {
            const std::int64_t end = std::min(to, m_cycle + 1);
            if (end > from)
                p.fillRect(QRectF(x(from), top, x(end) - x(from), h), color);
        };
        QColor waiting = iterationColor;
        waiting.setAlpha(50);
        QColor done = iterationColor;
        done.setAlpha(110);
        band(e.dispatchCycle, e.issueCycle, waiting);
        band(e.issueCycle, std::max(e.readyCycle, e.issueCycle + 1), iterationColor);
        band(e.readyCycle, e.retireCycle, done);
        if (e.retireCycle <= m_cycle) {
            p.setPen(QPen(text, 1));
            p.drawLine(QPointF(x(e.retireCycle), top), QPointF(x(e.retireCycle), top + h));
        }
        if (marked) {
            p.setPen(QPen(QColor(200, 30, 30), 1.5));
            p.setBrush(Qt::NoBrush);
            const std::int64_t end = std::min(e.retireCycle + 1, std::max(m_cycle + 1, e.dispatchCycle + 1));
            p.drawRect(QRectF(x(e.dispatchCycle), top, x(end) - x(e.dispatchCycle), h));
        }
    }
    // The dependency chain: the carried instruction's copies, each waiting for the previous.
    p.setPen(QPen(QColor(200, 30, 30), 1.6));
    for (int row = 0; row < rows; ++row) {
        const TimelineEntry &e = timeline[static_cast<std::size_t>(row)];
        if (e.producerIndex < 0 || e.index != chain || e.issueCycle > m_cycle)
            continue;
        const auto producerRow
            = static_cast<int>(e.producerIteration * static_cast<int>(body.size()) + e.producerIndex);
        if (producerRow < 0 || producerRow >= rows)
            continue;
        const TimelineEntry &from = timeline[static_cast<std::size_t>(producerRow)];
        QPainterPath path(QPointF(x(from.readyCycle), y(producerRow) + rowHeight / 2));
        path.lineTo(QPointF(x(e.issueCycle), y(row) + rowHeight / 2));
        p.drawPath(path);
    }
    // The cycle line, when the cycle is among the rows drawn (a figure cannot clip it).
    if (x(m_cycle + 1) <= size.width()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawLine(QPointF(x(m_cycle + 1), header), QPointF(x(m_cycle + 1), size.height()));
    }
}

} // namespace conceptlab::unrolling

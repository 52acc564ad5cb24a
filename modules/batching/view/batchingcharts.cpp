// Qt Charts for the batching view.
#include "batchingcharts.h"

#include "batchingtimeline.h"
#include "core/analysis.h"

#include <charttheme.h>

#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

namespace {

    double maxY(const std::vector<Point> &points)
    {
        double top = 0;
        for (const Point &point : points)
            top = std::max(top, point.y);
        return top;
    }

    QList<QPointF> chartPoints(const std::vector<Point> &points)
    {
        QList<QPointF> list;
        list.reserve(static_cast<qsizetype>(points.size()));
        for (const Point &point : points)
            list.append(QPointF(point.x, point.y));
        return list;
    }

} // namespace

void setNiceRange(QValueAxis *axis, double low, double high, int count, const QString &suffix)
{
    const double raw = (high - low) / std::max(1, count);
    if (!(raw > 0)) {
        axis->setRange(low, high);
        return;
    }
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * power;
    for (const double factor : { 1.0, 2.0, 5.0 })
        if (factor * power >= raw) {
            step = factor * power;
            break;
        }
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    // The wider of the old and new steps while the range changes: QtCharts makes every tick's
    // label at once, and a 0.2 step over a new 300-second range would be 1,500 of them.
    axis->setTickInterval(std::max(step, axis->tickInterval()));
    axis->setRange(low, high);
    axis->setTickInterval(step);
    // As many decimals as the step has (0.05 → 2), so labels stay short and distinct.
    const int decimals = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 6);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals) + suffix);
}

BatchingCharts::BatchingCharts(QWidget *parent)
    : QWidget(parent)
{
    // Titles (or a legend on top, for two series) say what a chart shows; the x axes have no
    // title (their labels carry the unit), so small charts keep room for their tick labels.
    m_panels[0] = makePanel(tr("Output tokens/s"), true);
    m_panels[1] = makePanel(tr("Requests waiting"), true);
    m_panels[2] = makePanel(QString(), true);
    m_panels[3] = makePanel(QString(), false);

    m_throughput = new QLineSeries;
    attach(m_panels[0], m_throughput, tr("tokens/s"), QPen(categoryColor(0), 2));
    m_queue = new QLineSeries;
    attach(m_panels[1], m_queue, tr("waiting"), QPen(categoryColor(1), 2));
    m_kvReserved = new QLineSeries;
    attach(m_panels[2], m_kvReserved, tr("KV reserved %"), QPen(phaseColor(Phase::Reserved).darker(130), 2));
    m_kvUsed = new QLineSeries;
    attach(m_panels[2], m_kvUsed, tr("KV used %"), QPen(phaseColor(Phase::Decode), 2));
    m_latency = new QLineSeries;
    attach(m_panels[3], m_latency, tr("latency CDF"), QPen(categoryColor(2), 2));
    m_ttft = new QLineSeries;
    attach(m_panels[3], m_ttft, tr("TTFT CDF"), QPen(categoryColor(3), 2));

    // Single-series charts say what they show in the title; the others keep a legend.
    for (const Chart single : { Chart::Throughput, Chart::Waiting })
        chart(single)->legend()->setVisible(false);
    for (const Chart two : { Chart::Kv, Chart::Latency })
        chart(two)->legend()->setAlignment(Qt::AlignTop);
    for (const Panel &panel : m_panels)
        if (panel.cursor)
            for (QLegendMarker *marker : panel.view->chart()->legend()->markers(panel.cursor))
                marker->setVisible(false);

    setNiceRange(at(Chart::Kv).y, 0, 100, 4);
    setNiceRange(at(Chart::Latency).y, 0, 1, 4);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    for (std::size_t i = 0; i < kChartCount; ++i)
        layout->addWidget(m_panels[i].view, static_cast<int>(i / 2), static_cast<int>(i % 2));
    clear();
}

BatchingCharts::Panel BatchingCharts::makePanel(const QString &title, bool withCursor)
{
    Panel panel;
    auto *chart = new QChart;
    chart->setTitle(title);
    panel.x = new QValueAxis;
    panel.y = new QValueAxis;
    chart->addAxis(panel.x, Qt::AlignBottom);
    chart->addAxis(panel.y, Qt::AlignLeft);
    if (withCursor) {
        panel.cursor = new QLineSeries;
        panel.cursor->setName(tr("now"));
        chart->addSeries(panel.cursor);
        panel.cursor->attachAxis(panel.x);
        panel.cursor->attachAxis(panel.y);
    }
    applyChartTheme(chart);
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setMargins(QMargins(2, 2, 6, 2));
    if (panel.cursor)
        panel.cursor->setPen(QPen(phaseColor(Phase::Now), 1.5, Qt::DashLine));
    panel.view = new QChartView(chart, this);
    panel.view->setRenderHint(QPainter::Antialiasing);
    panel.view->setMinimumSize(140, 110);
    return panel;
}

void BatchingCharts::attach(Panel &panel, QLineSeries *series, const QString &name, const QPen &pen)
{
    series->setName(name);
    panel.view->chart()->addSeries(series);
    series->attachAxis(panel.x);
    series->attachAxis(panel.y);
    series->setPen(pen);
}

QChart *BatchingCharts::chart(Chart which) const
{
    return at(which).view->chart();
}

void BatchingCharts::clear()
{
    for (QLineSeries *series : { m_throughput, m_queue, m_kvReserved, m_kvUsed, m_latency, m_ttft })
        series->clear();
    for (Panel &panel : m_panels) {
        if (panel.cursor)
            panel.cursor->clear();
        setNiceRange(panel.x, 0, 1, 4, QStringLiteral(" s"));
    }
    for (const Chart time : { Chart::Throughput, Chart::Waiting }) {
        setNiceRange(at(time).y, 0, 1, 4);
    }
}

void BatchingCharts::setRun(const RunAnalysis &run)
{
    m_throughput->replace(chartPoints(run.series.throughput));
    m_queue->replace(chartPoints(run.series.queueLength));
    m_kvReserved->replace(chartPoints(run.series.kvReservedPercent));
    m_kvUsed->replace(chartPoints(run.series.kvUsedPercent));
    m_latency->replace(chartPoints(run.latencyCdf));
    m_ttft->replace(chartPoints(run.ttftCdf));
    for (const Chart time : { Chart::Throughput, Chart::Waiting, Chart::Kv }) {
        setNiceRange(at(time).x, run.timeStartSeconds, run.timeEndSeconds, 4, QStringLiteral(" s"));
    }
    const std::pair<Chart, const std::vector<Point> *> counts[]
        = { { Chart::Throughput, &run.series.throughput }, { Chart::Waiting, &run.series.queueLength } };
    for (const auto &[which, points] : counts) {
        const double top = std::max(1.0, maxY(*points) * 1.1);
        setNiceRange(at(which).y, 0, top, 4);
    }
    double right = 0;
    for (const Point &point : run.latencyCdf)
        right = std::max(right, point.x);
    const double end = std::max(1e-6, right * 1.02);
    setNiceRange(at(Chart::Latency).x, 0, end, 4, QStringLiteral(" s"));
}

void BatchingCharts::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    const double width = (rect.width() - style.gap) / 2;
    const double height = (rect.height() - style.gap) / 2;
    for (std::size_t i = 0; i < kChartCount; ++i) {
        const std::size_t row = i / 2; // whole rows: two charts a row
        const std::size_t column = i % 2;
        figure::drawChart(painter,
            QRectF(rect.left() + static_cast<double>(column) * (width + style.gap),
                rect.top() + static_cast<double>(row) * (height + style.gap), width, height),
            m_panels[i].view->chart(), style);
    }
}

void BatchingCharts::setCursorTime(double timeSeconds)
{
    for (const Panel &panel : m_panels)
        if (panel.cursor)
            panel.cursor->replace({ QPointF(timeSeconds, panel.y->min()), QPointF(timeSeconds, panel.y->max()) });
}

PolicyChart::PolicyChart(QWidget *parent)
    : QWidget(parent)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Requests finished by time t"));
    m_x = new QValueAxis;
    m_y = new QValueAxis;
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    applyChartTheme(chart);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setMargins(QMargins(2, 2, 6, 2));
    m_view = new QChartView(chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(200, 110);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    clear();
}

QChart *PolicyChart::chart() const
{
    return m_view->chart();
}

void PolicyChart::clear()
{
    chart()->removeAllSeries();
    setNiceRange(m_x, 0, 1, 4, QStringLiteral(" s"));
    setNiceRange(m_y, 0, 1, 4);
}

void PolicyChart::setRows(const std::vector<ComparisonRow> &rows, int currentPolicy)
{
    clear();
    double start = 0;
    double end = 0;
    double top = 1;
    bool first = true;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ComparisonRow &row = rows[i];
        if (row.finished.empty())
            continue;
        auto *series = new QLineSeries;
        const std::string_view name = policyName(row.policy);
        series->setName(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())));
        QList<QPointF> points;
        for (const Point &point : row.finished)
            points.append(QPointF(point.x, point.y));
        series->replace(points);
        chart()->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        const bool current = static_cast<int>(row.policy) == currentPolicy;
        series->setPen(QPen(categoryColor(static_cast<int>(i)), current ? 3.5 : 1.8));
        start = first ? row.finished.front().x : std::min(start, row.finished.front().x);
        end = std::max(end, row.finished.back().x);
        top = std::max(top, row.finished.back().y);
        first = false;
    }
    if (first)
        return;
    end = std::max(end, start + 1e-9);
    setNiceRange(m_x, start, end, 4, QStringLiteral(" s"));
    setNiceRange(m_y, 0, top, 4);
    applyChartTheme(chart());
    chart()->legend()->setAlignment(Qt::AlignTop);
}

void PolicyChart::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::drawChart(painter, rect, chart(), style);
}

} // namespace conceptlab::batching

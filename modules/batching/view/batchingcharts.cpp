// Qt Charts for the batching view.
#include "batchingcharts.h"

#include "core/analysis.h"

#include <charttheme.h>

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QVBoxLayout>
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

    // Ticks at multiples of 1, 2 or 5 × 10^k, about five across the range.
    void setNiceTicks(QValueAxis *axis, double low, double high)
    {
        const double raw = (high - low) / 5.0;
        if (!(raw > 0))
            return;
        const double power = std::pow(10.0, std::floor(std::log10(raw)));
        double step = 10 * power;
        for (const double factor : { 1.0, 2.0, 5.0 })
            if (factor * power >= raw) {
                step = factor * power;
                break;
            }
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTickInterval(step);
    }

} // namespace

BatchingCharts::BatchingCharts(QWidget *parent)
    : QWidget(parent)
{
    auto *timeChart = new QChart;
    timeChart->setTitle(tr("Throughput, queue and KV use over time"));
    m_throughput = new QLineSeries;
    m_throughput->setName(tr("tokens/s"));
    m_queue = new QLineSeries;
    m_queue->setName(tr("waiting"));
    m_kv = new QLineSeries;
    m_kv->setName(tr("KV used %"));
    m_cursor = new QLineSeries;
    m_cursor->setName(tr("now"));
    timeChart->addSeries(m_throughput);
    timeChart->addSeries(m_queue);
    timeChart->addSeries(m_kv);
    timeChart->addSeries(m_cursor);
    m_timeAxis = new QValueAxis;
    m_timeAxis->setTitleText(tr("time (s)"));
    m_timeAxis->setLabelFormat(QStringLiteral("%.4g"));
    m_throughputAxis = new QValueAxis;
    m_throughputAxis->setTitleText(tr("tokens/s"));
    m_throughputAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_queueAxis = new QValueAxis;
    m_queueAxis->setTitleText(tr("waiting"));
    m_queueAxis->setLabelFormat(QStringLiteral("%.0f"));
    timeChart->addAxis(m_timeAxis, Qt::AlignBottom);
    timeChart->addAxis(m_throughputAxis, Qt::AlignLeft);
    timeChart->addAxis(m_queueAxis, Qt::AlignRight);
    m_kvAxis = new QValueAxis;
    m_kvAxis->setRange(0, 100);
    m_kvAxis->setTitleText(tr("KV %"));
    m_kvAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_kvAxis->setTickCount(3);
    timeChart->addAxis(m_kvAxis, Qt::AlignRight);
    for (QLineSeries *series : { m_throughput, m_queue, m_kv, m_cursor })
        series->attachAxis(m_timeAxis);
    m_kv->attachAxis(m_kvAxis);
    m_throughput->attachAxis(m_throughputAxis);
    m_cursor->attachAxis(m_throughputAxis);
    m_queue->attachAxis(m_queueAxis);
    applyChartTheme(timeChart);
    m_throughput->setPen(QPen(categoryColor(0), 2));
    m_queue->setPen(QPen(categoryColor(1), 2));
    m_kv->setPen(QPen(categoryColor(2), 1.5, Qt::DashDotLine));
    m_cursor->setPen(QPen(QColor(0xd5, 0x1e, 0x1e), 1.5, Qt::DashLine));

    auto *cdfChart = new QChart;
    cdfChart->setTitle(tr("Latency CDF"));
    m_latency = new QLineSeries;
    m_latency->setName(tr("latency"));
    m_ttft = new QLineSeries;
    m_ttft->setName(tr("TTFT"));
    cdfChart->addSeries(m_latency);
    cdfChart->addSeries(m_ttft);
    m_cdfX = new QValueAxis;
    m_cdfX->setTitleText(tr("seconds"));
    m_cdfX->setLabelFormat(QStringLiteral("%.4g"));
    m_cdfY = new QValueAxis;
    m_cdfY->setRange(0, 1);
    m_cdfY->setTitleText(tr("fraction"));
    m_cdfY->setTickCount(6);
    m_cdfY->setLabelFormat(QStringLiteral("%.1f"));
    cdfChart->addAxis(m_cdfX, Qt::AlignBottom);
    cdfChart->addAxis(m_cdfY, Qt::AlignLeft);
    for (QLineSeries *series : { m_latency, m_ttft }) {
        series->attachAxis(m_cdfX);
        series->attachAxis(m_cdfY);
    }
    applyChartTheme(cdfChart);
    m_latency->setPen(QPen(categoryColor(2), 2));
    m_ttft->setPen(QPen(categoryColor(3), 2));

    m_timeView = new QChartView(timeChart, this);
    m_timeView->setRenderHint(QPainter::Antialiasing);
    m_cdfView = new QChartView(cdfChart, this);
    m_cdfView->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_timeView, 1);
    layout->addWidget(m_cdfView, 1);
    clear();
}

void BatchingCharts::clear()
{
    for (QLineSeries *series : { m_throughput, m_queue, m_kv, m_cursor, m_latency, m_ttft })
        series->clear();
    m_timeAxis->setRange(0, 1);
    m_throughputAxis->setRange(0, 1);
    m_queueAxis->setRange(0, 1);
    m_cdfX->setRange(0, 1);
}

void BatchingCharts::setRun(const RunAnalysis &run)
{
    m_throughput->replace(chartPoints(run.series.throughput));
    m_queue->replace(chartPoints(run.series.queueLength));
    m_kv->replace(chartPoints(run.series.kvUsedPercent));
    m_latency->replace(chartPoints(run.latencyCdf));
    m_ttft->replace(chartPoints(run.ttftCdf));
    m_timeAxis->setRange(run.timeStartSeconds, run.timeEndSeconds);
    setNiceTicks(m_timeAxis, run.timeStartSeconds, run.timeEndSeconds);
    m_throughputAxis->setRange(0, std::max(1.0, maxY(run.series.throughput) * 1.1));
    m_throughputAxis->applyNiceNumbers();
    m_queueAxis->setRange(0, std::max(1.0, maxY(run.series.queueLength) * 1.1));
    m_queueAxis->applyNiceNumbers();
    double right = 0;
    for (const Point &point : run.latencyCdf)
        right = std::max(right, point.x);
    m_cdfX->setRange(0, std::max(1e-6, right * 1.02));
    setNiceTicks(m_cdfX, 0, std::max(1e-6, right * 1.02));
    m_cdfY->setRange(0, 1);
}

void BatchingCharts::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    const double timeHeight = (rect.height() - style.gap) * 0.52;
    figure::drawChart(painter, QRectF(rect.left(), rect.top(), rect.width(), timeHeight), m_timeView->chart(), style);
    figure::drawChart(painter,
        QRectF(rect.left(), rect.top() + timeHeight + style.gap, rect.width(), rect.height() - timeHeight - style.gap),
        m_cdfView->chart(), style);
}

void BatchingCharts::setCursorTime(double timeSeconds)
{
    const double top = m_throughputAxis->max();
    m_cursor->replace({ QPointF(timeSeconds, 0), QPointF(timeSeconds, top) });
}

} // namespace conceptlab::batching

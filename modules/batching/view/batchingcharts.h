// Qt Charts of one run: throughput, queue length and KV use over time (with the time cursor) and
// CDFs of latency and time to first token.
#pragma once

#include "figure.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace conceptlab::batching {

struct RunAnalysis;

class BatchingCharts : public QWidget {
    Q_OBJECT
public:
    explicit BatchingCharts(QWidget *parent = nullptr);

    /// Draws the series and CDFs of a whole run.
    void setRun(const RunAnalysis &run);
    /// Empty charts.
    void clear();
    /// The time chart over the CDF chart, into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    /// Moves the "now" line to this simulated time, seconds.
    void setCursorTime(double timeSeconds);

private:
    QChartView *m_timeView;
    QChartView *m_cdfView;
    QLineSeries *m_throughput;
    QLineSeries *m_queue;
    QLineSeries *m_kv;
    QLineSeries *m_cursor;
    QLineSeries *m_latency;
    QLineSeries *m_ttft;
    QValueAxis *m_timeAxis;
    QValueAxis *m_throughputAxis;
    QValueAxis *m_queueAxis;
    QValueAxis *m_kvAxis;
    QValueAxis *m_cdfX;
    QValueAxis *m_cdfY;
};

} // namespace conceptlab::batching

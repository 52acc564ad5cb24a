// Qt Charts of one run, small and separate, each with one y axis: output tokens per second,
// requests waiting and KV use over time (with the time cursor), and the CDFs of latency and
// time to first token.
#pragma once

#include "figure.h"

#include <QWidget>

#include <array>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace conceptlab::batching {

struct RunAnalysis;
struct ComparisonRow;

/// The run's charts in a 2 × 2 grid (see the file comment).
class BatchingCharts : public QWidget {
    Q_OBJECT
public:
    /// The charts, in grid order (left to right, top to bottom).
    enum class Chart { Throughput, Waiting, Kv, Latency };
    static constexpr std::size_t kChartCount = 4;

    explicit BatchingCharts(QWidget *parent = nullptr);

    /// Draws the series and CDFs of a whole run.
    void setRun(const RunAnalysis &run);
    /// Empty charts.
    void clear();
    /// The four charts in a 2 × 2 grid into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    /// Moves the "now" line of the time charts to this simulated time, seconds.
    void setCursorTime(double timeSeconds);

    /// One of the charts (for tests and figures).
    QChart *chart(Chart which) const;

private:
    struct Panel {
        QChartView *view = nullptr;
        QValueAxis *x = nullptr;
        QValueAxis *y = nullptr;
        QLineSeries *cursor = nullptr; // null for the CDF chart
    };
    Panel makePanel(const QString &title, bool withCursor);
    void attach(Panel &panel, QLineSeries *series, const QString &name, const QPen &pen);
    const Panel &at(Chart which) const { return m_panels[static_cast<std::size_t>(which)]; }

    std::array<Panel, kChartCount> m_panels;
    QLineSeries *m_throughput = nullptr;
    QLineSeries *m_queue = nullptr;
    QLineSeries *m_kvReserved = nullptr;
    QLineSeries *m_kvUsed = nullptr;
    QLineSeries *m_latency = nullptr;
    QLineSeries *m_ttft = nullptr;
};

/// Every policy on one time axis: requests finished by time t, one line per policy (the current
/// one thicker), from the comparison of all policies on the same workload.
class PolicyChart : public QWidget {
    Q_OBJECT
public:
    explicit PolicyChart(QWidget *parent = nullptr);

    /// One line per row that ran (in row order); `current` is drawn thicker.
    void setRows(const std::vector<ComparisonRow> &rows, int currentPolicy);
    void clear();
    /// The chart into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    QChart *chart() const;

private:
    QChartView *m_view;
    QValueAxis *m_x;
    QValueAxis *m_y;
};

/// Sets `axis` to [low, high] with ticks at multiples of 1, 2 or 5 × 10^k, at most about `count`
/// of them, and a label format with as many decimals as the step needs, then `suffix` (e.g. " s").
void setNiceRange(QValueAxis *axis, double low, double high, int count, const QString &suffix = QString());

} // namespace conceptlab::batching

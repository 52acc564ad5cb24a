// The charts beside the ring: keys per node (before, after, ideal), load balance against
// virtual nodes per node, and keys moved per event for every strategy.
#pragma once

#include "figure.h"

#include "core/timeline.h"

#include <QStringList>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace conceptlab::hashring {

class HashringCharts : public QWidget {
    Q_OBJECT
public:
    explicit HashringCharts(QWidget *parent = nullptr);

    /// Keys per node now and before the last event (by node name), and the ideal count.
    void setLoad(const TimelineState &state, const TimelineState *previous);
    /// max/mean and relative standard deviation of a ring against virtual nodes per node.
    void setSweep(const std::vector<SweepPoint> &points, int currentVirtualNodes);
    /// Fraction of keys moved per event (rows) for each strategy (columns as allStrategies()).
    void setStrategyMoves(const StrategyMoves &moves, Strategy current);
    /// The keys-per-node and keys-moved charts stacked in `rect` of a figure, as vectors.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    /// Marks a chart as being computed (index 1: sweep, 2: strategy moves).
    void setComputing(int chart, bool computing);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    QChart *m_load = nullptr;
    QChart *m_sweep = nullptr;
    QChart *m_moves = nullptr;
    QChartView *m_loadView = nullptr;
    QChartView *m_sweepView = nullptr;
    QChartView *m_movesView = nullptr;
};

} // namespace conceptlab::hashring

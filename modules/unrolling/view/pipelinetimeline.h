// The pipeline timeline like `llvm-mca -timeline`: one row per instruction of the first
// iterations, one column per cycle (waiting, executing, done, retired), the current cycle
// marked, and the loop-carried dependency chain drawn as arrows.
#pragma once

#include "figure.h"

#include <QStringList>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QPainter;
QT_END_NAMESPACE

#include <memory>
#include <utility>
#include <vector>

namespace conceptlab::unrolling {

struct Analysis;

class PipelineTimeline : public QWidget {
    Q_OBJECT
public:
    explicit PipelineTimeline(QWidget *parent = nullptr);

    /// The analysis to draw (null: nothing) and the cycle to show.
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    void setCycle(std::int64_t cycle);
    /// Outlines one body instruction's rows (-1: none) or the chain.
    void setHighlight(int instruction, bool chain);

    QSize minimumSizeHint() const override { return { 320, 200 }; }
    /// The timeline into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    static double textHeight(const QPainter &p);
    void paintContent(QPainter &p, QSize size) const;
    static QStringList legendNames();
    void drawScale(QPainter &p, std::int64_t lastCycle, int rows, double rowHeight, double cellWidth, double t) const;
    void drawLegend(QPainter &p, QSize size, const std::vector<std::pair<double, int>> &places, double t) const;

    std::shared_ptr<const Analysis> m_analysis;
    std::int64_t m_cycle = 0;
    int m_highlightInstruction = -1;
    bool m_highlightChain = false;
};

} // namespace conceptlab::unrolling

// The cost breakdown: where the GPU time goes, by operation kind (QKV projection, attention, MLP,
// …), for the iteration at the cursor and for the whole run, as two stacked horizontal bars with
// a legend.
#pragma once

#include "figure.h"

#include "core/costmodel.h"

#include <QWidget>

namespace conceptlab::batching {

class BreakdownWidget : public QWidget {
    Q_OBJECT
public:
    explicit BreakdownWidget(QWidget *parent = nullptr);

    /// Seconds per operation of the current iteration and of the whole run; `formula` Roofline
    /// has no breakdown and says so.
    void setBreakdown(const OperationSeconds &iteration, const OperationSeconds &run, CostFormula formula);
    void clear();

    /// The two bars and the legend into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintContent(QPainter &painter, QSize size) const;

    OperationSeconds m_iteration {};
    OperationSeconds m_run {};
    CostFormula m_formula = CostFormula::PerOperation;
    bool m_empty = true;
};

/// The colour of an operation kind in the breakdown.
QColor operationColor(Operation operation);
/// A short label: "QKV", "attention", "MLP", …
QString operationLabel(Operation operation);

} // namespace conceptlab::batching

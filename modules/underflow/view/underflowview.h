// The live view of the underflow module: the running product per format on a log scale,
// the bits of the current value, each format's range and the log-space panel.
#pragma once

#include "conceptmodule.h"

namespace conceptlab::underflow {

class UnderflowSession;
class ProductChart;
class BitPanel;
class RangeLine;
class LogSpacePanel;

class UnderflowView : public ConceptView {
    Q_OBJECT
public:
    explicit UnderflowView(QWidget *parent = nullptr);

    /// Builds a session for the values off the GUI thread and shows it at step 0.
    void setParameters(const ParameterValues &values) override;
    /// "format:<name>" outlines the format everywhere; "bit:<name>:<index>" one bit; empty clears.
    void setHighlight(const QString &target) override;
    /// The bit panel (tests click it).
    BitPanel *bitPanel() const { return m_bits; }

    /// The probability source and the subnormal mode.
    QString figureSubtitle() const override;

protected:
    void showSnapshot() override;
    /// The product chart, the ranges, the log-space table and the bits of the product.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;

private:
    const UnderflowSession *underflowSession() const;

    ProductChart *m_chart = nullptr;
    BitPanel *m_bits = nullptr;
    RangeLine *m_range = nullptr;
    LogSpacePanel *m_logSpace = nullptr;
};

} // namespace conceptlab::underflow

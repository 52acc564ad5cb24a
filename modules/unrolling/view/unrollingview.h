// The live view of the unrolling module: the C source rolled and unrolled, the real assembly
// with each body copy tinted, the pipeline timeline animated cycle by cycle, and the charts
// of cycles per element and code bytes against the unroll factor.
#pragma once

#include "conceptmodule.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTextEdit;
class QChartView;
QT_END_NAMESPACE

namespace conceptlab::unrolling {

class UnrollingSession;
class PipelineTimeline;

class UnrollingView : public ConceptView {
    Q_OBJECT
public:
    explicit UnrollingView(QWidget *parent = nullptr);

    /// Builds a session (model, llvm-mca, timings) off the GUI thread and shows it at cycle 0.
    void setParameters(const ParameterValues &values) override;
    /// "instruction:<n>", "remainder", "chain" or "unroll:<factor>"; empty clears.
    void setHighlight(const QString &target) override;

    /// The unroll factor and accumulators, and the model's verdict.
    QString figureSubtitle() const override;

protected:
    void showSnapshot() override;
    /// The C source rolled and unrolled, the loop's assembly tinted by body copy, the pipeline
    /// timeline at the current cycle and the charts against the unroll factor.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;

private:
    const UnrollingSession *unrollingSession() const;
    void showAnalysis();
    void updateCharts();

    QComboBox *m_accumulators = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_rolled = nullptr;
    QPlainTextEdit *m_unrolled = nullptr;
    QTextEdit *m_assembly = nullptr;
    PipelineTimeline *m_timeline = nullptr;
    QChartView *m_cyclesChart = nullptr;
    QChartView *m_bytesChart = nullptr;
    const void *m_shownAnalysis = nullptr;
    QString m_highlight;
};

} // namespace conceptlab::unrolling

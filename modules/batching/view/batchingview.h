// The live view of the batching module: a timeline of batch slots with a time cursor at the
// session's current iteration, the KV-memory strip at the cursor, charts of the whole run and a
// table comparing the five policies on the same workload. It draws a BatchingSession; the
// comparison is the only work it computes itself (off the GUI thread).
#pragma once

#include "core/analysis.h"
#include "core/batchingsession.h"

#include <backgroundjob.h>
#include <conceptmodule.h>
#include <timelineview.h>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QTableWidget;
class QToolButton;
QT_END_NAMESPACE

namespace conceptlab::batching {

class BatchingCharts;
class BreakdownWidget;
class KvStripWidget;
class PhaseLegendWidget;
class PolicyChart;
class SlotTimeline;

/// The batching view (see the file comment).
class BatchingView : public conceptlab::ConceptView {
    Q_OBJECT
public:
    /// An empty view; setParameters() or showSession() gives it something to draw.
    explicit BatchingView(QWidget *parent = nullptr);
    ~BatchingView() override;

    /// Builds a new session; a change of iterations_per_step alone goes to the current session.
    void setParameters(const ParameterValues &values) override;
    /// The session's status, or the input error.
    QString statusText() const override;
    /// Marks "slot:<n>" (a band over the slot's row) or "request:<id>" (its bars outlined).
    void setHighlight(const QString &target) override;

    /// The header's two lines: policy, hardware and workload, and the whole run's numbers.
    QString figureSubtitle() const override;

protected:
    /// The slot timeline (faded after the cursor) with its legend, the KV cache and the cost
    /// breakdown at the cursor, the run's charts and the policy comparison.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;
    /// Draws the session's run (once per session) and its current step, or the empty/error state.
    void showSnapshot() override;
    /// The policy comparison is being computed.
    bool isWorking() const override { return m_comparison.isRunning(); }
    /// Refits the comparison table when it is resized or its font changes.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createSlotsPanel();
    QWidget *createRunPanel();
    BatchingSession *batchingSession() const;
    void rebuild();
    void iterationsPerStepChosen(int iterations);
    void showIterationsPerStep(int iterations);
    void hardwareChosen(const QString &key, const QVariant &value);
    void exampleChosen(const QString &path);
    void showHardware(const Scenario &scenario);
    void drawRun(const BatchingSession &session);
    void drawHighlight();
    void clearDrawing();
    void startComparison(const BatchingSession &session);
    void showComparison(const std::vector<ComparisonRow> &rows);
    void fitTable();
    void updateHeader();
    QString stintToolTip(int stint) const;

    ParameterSchema m_schema;
    ParameterValues m_values; // the complete values last asked for
    const BatchingSession *m_drawnSession = nullptr; // whose run the timeline and charts show
    HighlightTarget m_highlight;
    BackgroundJob m_comparison;

    QLabel *m_header;
    SlotTimeline *m_timeline;
    PhaseLegendWidget *m_legend;
    QLabel *m_slotReason; // why slots are empty or idle (the core's line)
    QComboBox *m_iterationsPerStep;
    QToolButton *m_examples;
    KvStripWidget *m_kvStrip;
    BreakdownWidget *m_breakdown;
    QComboBox *m_model;
    QComboBox *m_gpu;
    QComboBox *m_tensorParallel;
    BatchingCharts *m_charts;
    PolicyChart *m_policyChart;
    QTableWidget *m_table;
};

} // namespace conceptlab::batching

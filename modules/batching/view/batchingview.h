// The live view of the batching module: a timeline of batch slots with a time cursor that
// advances one scheduler iteration per step, the KV-memory strip at the cursor, charts of the
// whole run and a table comparing the five policies on the same workload. Whole runs are
// computed on worker threads; stepping replays the same simulation one iteration at a time.
#pragma once

#include "batchingcompute.h"
#include "batchingscenario.h"

#include <conceptmodule.h>

#include <QFutureWatcher>

#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;
QT_END_NAMESPACE

namespace conceptlab {
class TimelineView;
}

namespace conceptlab::batching {

class BatchingCharts;
class KvStripWidget;

class BatchingView : public conceptlab::ConceptView {
    Q_OBJECT
public:
    explicit BatchingView(QWidget *parent = nullptr);
    ~BatchingView() override;

    void setParameters(const ParameterValues &values) override;
    void reset() override;
    void stepForward() override;
    void stepBackward() override;
    bool canStepBackward() const override;
    bool atEnd() const override;
    int currentStep() const override;
    bool isBusy() const override;
    QString statusText() const override;
    QString inputError() const override;
    ResultTable currentTable() const override;

private:
    void rebuildStepper();
    void advance(std::int64_t iterations);
    void startWork();
    void cancelWork();
    void runFinished();
    void comparisonFinished();
    void showStep();
    void updateHeader();
    QString stintToolTip(int stint) const;

    ParameterSchema m_schema;
    Scenario m_scenario;
    std::unique_ptr<Simulator> m_stepper;
    int m_step = 0;
    std::int64_t m_iterations = 0; // scheduler iterations run since reset
    std::vector<std::int64_t> m_stepStarts; // iterations run before each step taken

    std::shared_ptr<WorkControl> m_runControl;
    std::shared_ptr<WorkControl> m_compareControl;
    QFutureWatcher<RunSnapshot> m_runWatcher;
    QFutureWatcher<QList<ComparisonRow>> m_compareWatcher;
    QList<QFuture<void>> m_superseded;
    RunSnapshot m_run;
    bool m_runReady = false;

    QLabel *m_header;
    conceptlab::TimelineView *m_timeline;
    QLabel *m_legend;
    QComboBox *m_iterationsPerStep;
    KvStripWidget *m_kvStrip;
    BatchingCharts *m_charts;
    QTableWidget *m_table;
    QTimer *m_progressTimer;
};

} // namespace conceptlab::batching

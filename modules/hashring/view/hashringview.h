// The live view of the hashring module: the ring (or bucket) drawing, the charts, and the
// scripted sequence of joins and leaves the playback bar steps through.
#pragma once

#include "conceptmodule.h"
#include "core/timeline.h"

#include <QHash>

#include <atomic>
#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QPushButton;
QT_END_NAMESPACE

namespace conceptlab::hashring {

class HashringCharts;
class RingWidget;

class HashringView : public ConceptView {
    Q_OBJECT
public:
    explicit HashringView(QWidget *parent = nullptr);
    ~HashringView() override;

    void setParameters(const ParameterValues &values) override;
    void reset() override;
    void stepForward() override;
    void stepBackward() override;
    bool canStepBackward() const override;
    bool atEnd() const override;
    int currentStep() const override;
    bool isBusy() const override;
    QString statusText() const override;
    QString inputError() const override { return m_error; }
    ResultTable currentTable() const override;

    /// The view draws at most this many keys (the first ones); the headless run takes all.
    static constexpr std::int64_t kMaxViewKeys = 1'000'000;

private:
    using Work = std::function<void()>;
    /// Runs `work` on the thread pool, then `done` on the GUI thread if the parameters did
    /// not change meanwhile. Errors (std::invalid_argument) are shown instead.
    void runJob(std::function<std::function<void()>()> work);
    void startInitial();
    void computeNext();
    void show(bool animate, std::shared_ptr<const TimelineState> from);
    void startStrategyMoves();
    void startSweep();
    void userEvent(EventKind kind, const QString &node, double weight = 1.0);
    void nodeClicked(const QString &node);
    void assignColor(const std::string &name);
    void showError(const QString &message);
    QString eventLabel(const Event &event) const;

    ScenarioParameters m_scenario;
    QString m_error;
    std::shared_ptr<const KeySet> m_keys;
    std::vector<Node> m_initialNodes;
    std::vector<Event> m_events;
    std::vector<std::shared_ptr<const TimelineState>> m_history;
    int m_step = 0;
    int m_pendingSteps = 0;
    int m_generation = 0;
    int m_jobs = 0;
    bool m_stepRunning = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QHash<QString, int> m_colors;

    RingWidget *m_ring = nullptr;
    HashringCharts *m_charts = nullptr;
    QPushButton *m_addButton = nullptr;
    QComboBox *m_clickAction = nullptr;
    QLabel *m_hint = nullptr;
};

} // namespace conceptlab::hashring

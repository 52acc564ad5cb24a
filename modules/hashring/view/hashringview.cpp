// The hashring live view: background computation of timeline states and charts.
#include "hashringview.h"

#include "hashringcharts.h"
#include "hashringmodule.h"
#include "ringwidget.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <stdexcept>

namespace conceptlab::hashring {

HashringView::HashringView(QWidget *parent)
    : ConceptView(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 4, 4);
    auto *controls = new QHBoxLayout;
    m_addButton = new QPushButton(tr("Add a node"), left);
    m_addButton->setToolTip(tr("A new node joins now; later scripted steps are dropped."));
    m_clickAction = new QComboBox(left);
    m_clickAction->addItems({ tr("make it leave"), tr("double its weight"), tr("halve its weight") });
    m_clickAction->setToolTip(tr("What a click on a node (its arc, column or legend entry) does."));
    m_hint = new QLabel(left);
    m_hint->setWordWrap(true);
    controls->addWidget(m_addButton);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Click a node to"), left));
    controls->addWidget(m_clickAction);
    controls->addWidget(m_hint, 1);
    leftLayout->addLayout(controls);
    m_ring = new RingWidget(left);
    leftLayout->addWidget(m_ring, 1);
    m_charts = new HashringCharts(splitter);
    splitter->addWidget(left);
    splitter->addWidget(m_charts);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 600, 400 });
    layout->addWidget(splitter);

    connect(m_addButton, &QPushButton::clicked, this, [this] {
        // A joiner weighs what the current nodes weigh on average (1 unless weights were given).
        double mean = 1.0;
        if (!m_history.empty()) {
            const auto &nodes = m_history[static_cast<std::size_t>(m_step)]->nodes;
            mean = 0;
            for (const Node &node : nodes)
                mean += node.weight / static_cast<double>(nodes.size());
        }
        userEvent(EventKind::Add, {}, mean);
    });
    connect(m_ring, &RingWidget::nodeClicked, this, &HashringView::nodeClicked);
}

HashringView::~HashringView()
{
    if (m_cancel)
        m_cancel->store(true);
}

void HashringView::showError(const QString &message)
{
    m_error = message;
    m_ring->setMessage(message);
    Q_EMIT stateChanged();
}

void HashringView::runJob(std::function<std::function<void()>()> work)
{
    const int generation = m_generation;
    ++m_jobs;
    m_ring->setBusy(true);
    using Done = std::function<void()>;
    auto *watcher = new QFutureWatcher<std::pair<Done, QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        const auto [done, error] = watcher->result();
        watcher->deleteLater();
        --m_jobs;
        m_ring->setBusy(m_jobs > 0);
        if (generation == m_generation) {
            if (!error.isEmpty())
                showError(error);
            else if (done)
                done();
        }
        Q_EMIT stateChanged();
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)]() -> std::pair<Done, QString> {
        try {
            return { work(), QString() };
        } catch (const std::invalid_argument &e) {
            return { Done(), QString::fromStdString(e.what()) };
        } catch (const Cancelled &) {
            return { Done(), QString() };
        } catch (const std::bad_alloc &) {
            return { Done(), tr("keys: not enough memory") };
        }
    }));
}

void HashringView::setParameters(const ParameterValues &values)
{
    ++m_generation;
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_error.clear();
    m_history.clear();
    m_events.clear();
    m_step = 0;
    m_pendingSteps = 0;
    m_stepRunning = false;
    m_keys.reset();
    try {
        m_scenario = scenarioFromValues(values);
        if (m_scenario.keyCount < 1)
            throw std::invalid_argument("keys: at least one key is needed");
        m_initialNodes = initialNodes(m_scenario);
        const Event first = m_scenario.event == EventKind::None
            ? Event {}
            : resolveEvent(m_initialNodes, m_scenario.event, m_scenario.eventNode, m_scenario.eventWeight);
        m_events = scriptedEvents(m_initialNodes, first);
    } catch (const std::invalid_argument &e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    m_colors.clear();
    for (const Node &node : m_initialNodes)
        assignColor(node.name);
    for (const Event &event : m_events)
        assignColor(event.node);
    m_ring->setColorIndices(m_colors);
    startInitial();
    Q_EMIT stateChanged();
}

void HashringView::assignColor(const std::string &name)
{
    const QString key = QString::fromStdString(name);
    if (!name.empty() && !m_colors.contains(key))
        m_colors.insert(key, static_cast<int>(m_colors.size()));
}

void HashringView::startInitial()
{
    const ScenarioParameters scenario = m_scenario;
    const std::vector<Node> nodes = m_initialNodes;
    runJob([this, scenario, nodes]() -> std::function<void()> {
        auto keys = std::make_shared<const KeySet>(KeySet::make(scenario.keyPrefix,
            static_cast<std::size_t>(std::min(scenario.keyCount, kMaxViewKeys)), scenario.placement.hash, true));
        auto state
            = std::make_shared<const TimelineState>(computeState(scenario.placement, *keys, nullptr, nodes, Event {}));
        return [this, keys, state] {
            m_keys = keys;
            m_history = { state };
            m_step = 0;
            show(false, nullptr);
            startSweep();
            startStrategyMoves();
            if (m_pendingSteps > 0) {
                --m_pendingSteps;
                computeNext();
            }
        };
    });
}

void HashringView::show(bool animate, std::shared_ptr<const TimelineState> from)
{
    if (m_history.empty() || !m_keys)
        return;
    const auto &state = m_history[static_cast<std::size_t>(m_step)];
    RingWidget::Scene scene;
    scene.keys = m_keys;
    scene.state = state;
    scene.previous = from;
    scene.strategy = m_scenario.placement.strategy;
    scene.step = m_step;
    scene.stepCount = static_cast<int>(m_events.size());
    m_ring->setColorIndices(m_colors);
    m_ring->setScene(scene, animate);
    const TimelineState *previous = m_step > 0 ? m_history[static_cast<std::size_t>(m_step - 1)].get() : nullptr;
    m_charts->setLoad(*state, previous);
}

void HashringView::computeNext()
{
    if (m_history.empty() || m_step >= static_cast<int>(m_events.size()))
        return;
    if (static_cast<int>(m_history.size()) > m_step + 1) {
        // Already computed (after stepping back): show it again.
        ++m_step;
        show(true, m_history[static_cast<std::size_t>(m_step - 1)]);
        Q_EMIT stateChanged();
        return;
    }
    m_stepRunning = true;
    const auto previous = m_history[static_cast<std::size_t>(m_step)];
    const Event event = m_events[static_cast<std::size_t>(m_step)];
    const auto keys = m_keys;
    const PlacementParameters placement = m_scenario.placement;
    runJob([this, previous, event, keys, placement]() -> std::function<void()> {
        const auto nodes = applyEvent(previous->nodes, event);
        auto state
            = std::make_shared<const TimelineState>(computeState(placement, *keys, previous.get(), nodes, event));
        return [this, state] {
            m_stepRunning = false;
            m_history.push_back(state);
            ++m_step;
            show(true, m_history[static_cast<std::size_t>(m_step - 1)]);
            if (m_pendingSteps > 0) {
                --m_pendingSteps;
                computeNext();
            }
        };
    });
}

void HashringView::reset()
{
    m_pendingSteps = 0;
    if (m_history.empty())
        return;
    m_step = 0;
    show(false, nullptr);
    Q_EMIT stateChanged();
}

void HashringView::stepForward()
{
    if (!m_error.isEmpty() || atEnd())
        return;
    if (m_history.empty() || m_stepRunning) {
        ++m_pendingSteps;
        return;
    }
    computeNext();
}

void HashringView::stepBackward()
{
    if (!canStepBackward())
        return;
    --m_step;
    show(true, m_history[static_cast<std::size_t>(m_step + 1)]);
    Q_EMIT stateChanged();
}

bool HashringView::canStepBackward() const
{
    return m_step > 0 && !m_stepRunning;
}

bool HashringView::atEnd() const
{
    return !m_error.isEmpty() || m_step + m_pendingSteps >= static_cast<int>(m_events.size());
}

int HashringView::currentStep() const
{
    return m_step;
}

bool HashringView::isBusy() const
{
    return m_jobs > 0;
}

QString HashringView::eventLabel(const Event &event) const
{
    switch (event.kind) {
    case EventKind::Add:
        return QStringLiteral("+") + QString::fromStdString(event.node);
    case EventKind::Remove:
        return QStringLiteral("−") + QString::fromStdString(event.node);
    case EventKind::Reweight:
        return QStringLiteral("%1 w=%2").arg(QString::fromStdString(event.node)).arg(event.weight, 0, 'g', 3);
    case EventKind::None:
        break;
    }
    return tr("start");
}

QString HashringView::statusText() const
{
    if (!m_error.isEmpty())
        return m_error;
    if (m_history.empty())
        return tr("computing…");
    const auto &state = *m_history[static_cast<std::size_t>(m_step)];
    QString text = tr("step %1 of %2").arg(m_step).arg(m_events.size());
    if (m_step > 0)
        text += tr(" · %1 · %2 keys moved (%3%), ideal %4%, mod n %5%")
                    .arg(eventLabel(state.event))
                    .arg(state.moved)
                    .arg(state.movedFraction * 100, 0, 'f', 1)
                    .arg(state.idealFraction * 100, 0, 'f', 1)
                    .arg(state.moduloMovedFraction * 100, 0, 'f', 1);
    if (m_scenario.keyCount > kMaxViewKeys)
        text += tr(" · showing the first %1 keys").arg(kMaxViewKeys);
    return text;
}

ResultTable HashringView::currentTable() const
{
    ResultTable table;
    table.header = { QStringLiteral("key"), QStringLiteral("owner_before"), QStringLiteral("owner_after") };
    if (m_history.empty() || !m_keys)
        return table;
    const auto &after = *m_history[static_cast<std::size_t>(m_step)];
    const auto &before = m_step > 0 ? *m_history[static_cast<std::size_t>(m_step - 1)] : after;
    const QString prefix = QString::fromStdString(m_keys->prefix);
    for (std::size_t k = 0; k < after.owners.size(); ++k)
        table.rows.append({ prefix + QString::number(k),
            QString::fromStdString(before.nodes[static_cast<std::size_t>(before.owners[k])].name),
            QString::fromStdString(after.nodes[static_cast<std::size_t>(after.owners[k])].name) });
    return table;
}

void HashringView::nodeClicked(const QString &node)
{
    if (m_history.empty())
        return;
    if (m_clickAction->currentIndex() == 0) {
        userEvent(EventKind::Remove, node);
        return;
    }
    for (const Node &n : m_history[static_cast<std::size_t>(m_step)]->nodes)
        if (QString::fromStdString(n.name) == node)
            userEvent(EventKind::Reweight, node, m_clickAction->currentIndex() == 1 ? n.weight * 2 : n.weight / 2);
}

void HashringView::userEvent(EventKind kind, const QString &node, double weight)
{
    m_hint->clear();
    if (m_history.empty() || m_stepRunning || !m_error.isEmpty())
        return;
    const auto &nodes = m_history[static_cast<std::size_t>(m_step)]->nodes;
    Event event;
    std::string name = node.toStdString();
    // A joiner gets a name not used before in this session, so its colour is its own.
    for (std::size_t k = nodes.size(); kind == EventKind::Add && name.empty(); ++k)
        if (!m_colors.contains(QStringLiteral("node%1").arg(k)))
            name = "node" + std::to_string(k);
    try {
        event = resolveEvent(nodes, kind, name, weight);
    } catch (const std::invalid_argument &e) {
        m_hint->setText(QString::fromStdString(e.what()));
        return;
    }
    // The user's event replaces the rest of the script.
    m_events.resize(static_cast<std::size_t>(m_step));
    m_history.resize(static_cast<std::size_t>(m_step + 1));
    m_events.push_back(event);
    assignColor(event.node);
    m_pendingSteps = 0;
    startStrategyMoves();
    computeNext();
    Q_EMIT stateChanged();
}

void HashringView::startSweep()
{
    if (!m_keys)
        return;
    m_charts->setComputing(1, true);
    const auto keys = m_keys;
    const auto nodes = m_initialNodes;
    const PlacementParameters placement = m_scenario.placement;
    const auto cancel = m_cancel;
    runJob([this, keys, nodes, placement, cancel]() -> std::function<void()> {
        const std::vector<int> counts { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
        auto points = virtualNodeSweep(placement, *keys, nodes, counts, [cancel](double) { return !cancel->load(); });
        return [this, points = std::move(points), placement] {
            m_charts->setSweep(points, placement.virtualNodes);
            m_charts->setComputing(1, false);
        };
    });
}

void HashringView::startStrategyMoves()
{
    if (!m_keys)
        return;
    m_charts->setComputing(2, true);
    const auto keys = m_keys;
    const auto nodes = m_initialNodes;
    const auto events = m_events;
    const PlacementParameters placement = m_scenario.placement;
    const auto cancel = m_cancel;
    QStringList labels;
    for (const Event &event : events)
        labels << eventLabel(event);
    const int generation = m_generation;
    runJob([this, keys, nodes, events, placement, cancel, labels, generation]() -> std::function<void()> {
        std::vector<std::vector<double>> fractions;
        std::vector<double> ideal;
        std::vector<Node> current = nodes;
        for (const Event &event : events) {
            if (cancel->load())
                throw Cancelled {};
            fractions.push_back(movedFractionByStrategy(placement, *keys, current, event));
            ideal.push_back(idealFraction(current, event));
            current = applyEvent(current, event);
        }
        return [this, labels, fractions, ideal, placement, events, generation] {
            // A newer user event may have changed the script meanwhile.
            if (generation != m_generation || events.size() != m_events.size())
                return;
            m_charts->setStrategyMoves(labels, fractions, ideal, placement.strategy);
            m_charts->setComputing(2, false);
        };
    });
}

} // namespace conceptlab::hashring

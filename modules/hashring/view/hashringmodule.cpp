// The hashring plugin: schema, headless run (JSON result and per-key CSV table).
#include "hashringmodule.h"

#include "core/hashringsession.h"
#include "core/remapsimulation.h"
#include "hashringview.h"

#include <QJsonArray>
#include <QJsonObject>

#include <functional>
#include <stdexcept>

namespace conceptlab::hashring {

namespace {
    std::string utf8(const QString &text)
    {
        return text.toStdString();
    }

    QJsonObject countsObject(const std::vector<Node> &nodes, const std::vector<std::int64_t> &counts)
    {
        QJsonObject object;
        for (std::size_t i = 0; i < nodes.size(); ++i)
            object.insert(QString::fromStdString(nodes[i].name), static_cast<qint64>(counts[i]));
        return object;
    }

    template<class Enum, std::size_t N> QStringList choicesOf(const EnumNames<Enum, N> &names)
    {
        QStringList choices;
        for (const auto &[value, name] : names.entries)
            choices.append(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
        return choices;
    }

    QString nameOf(std::string_view name)
    {
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }

    QJsonArray namesArray(const std::vector<Node> &nodes)
    {
        QJsonArray array;
        for (const Node &node : nodes)
            array.append(QString::fromStdString(node.name));
        return array;
    }
} // namespace

ScenarioParameters scenarioFromValues(const ParameterValues &values)
{
    ScenarioParameters p;
    const auto strategy = kStrategyNames.parse(utf8(textValue(values, QStringLiteral("strategy"))));
    if (!strategy)
        throw std::invalid_argument("strategy: unknown strategy");
    p.placement.strategy = *strategy;
    const auto hash = kHashFunctionNames.parse(utf8(textValue(values, QStringLiteral("hash"))));
    if (!hash)
        throw std::invalid_argument("hash: unknown hash function");
    p.placement.hash = *hash;
    p.placement.virtualNodes = static_cast<int>(integerValue(values, QStringLiteral("vnodes")));
    p.placement.epsilon = realValue(values, QStringLiteral("epsilon"));
    p.placement.maglevTableSize = integerValue(values, QStringLiteral("table_size"));
    p.nodeCount = integerValue(values, QStringLiteral("nodes"));
    p.nodeNames = utf8(textValue(values, QStringLiteral("node_names")));
    p.weights = utf8(textValue(values, QStringLiteral("weights")));
    p.keyCount = integerValue(values, QStringLiteral("keys"));
    p.keyPrefix = utf8(textValue(values, QStringLiteral("key_prefix")));
    const auto event = kEventKindNames.parse(utf8(textValue(values, QStringLiteral("event"))));
    if (!event)
        throw std::invalid_argument("event: unknown event");
    p.event = *event;
    p.eventNode = utf8(textValue(values, QStringLiteral("event_node")));
    p.eventWeight = realValue(values, QStringLiteral("event_weight"));
    return p;
}

namespace {
    // The panel greys out what the chosen strategy or event ignores.
    std::function<bool(const ParameterValues &)> onlyFor(QString key, QStringList values)
    {
        return [key = std::move(key), values = std::move(values)](
                   const ParameterValues &current) { return values.contains(current.value(key).toString()); };
    }
    std::function<bool(const ParameterValues &)> exceptFor(QString key, QStringList values)
    {
        return [key = std::move(key), values = std::move(values)](
                   const ParameterValues &current) { return !values.contains(current.value(key).toString()); };
    }

    // Strategy, hash and the strategies' own parameters.
    void addPlacementParameters(ParameterSchema &schema)
    {
        const QString strategy = QStringLiteral("strategy");
        schema.add({ .key = QStringLiteral("strategy"),
            .label = HashringModule::tr("Strategy"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("ring"),
            .choices = choicesOf(kStrategyNames),
            .description = HashringModule::tr("How keys are placed on nodes."),
            .group = HashringModule::tr("Placement") });
        schema.add({ .key = QStringLiteral("hash"),
            .label = HashringModule::tr("Hash"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("xxh64"),
            .choices = choicesOf(kHashFunctionNames),
            .description
            = HashringModule::tr("64-bit hash of keys and node labels (ketama always uses its own MD5 hashing)."),
            .group = HashringModule::tr("Placement"),
            .appliesWhen = exceptFor(strategy, { QStringLiteral("ketama") }) });
        schema.add({ .key = QStringLiteral("vnodes"),
            .label = HashringModule::tr("Virtual nodes"),
            .kind = ParameterKind::Integer,
            .defaultValue = 10, // few, so that each node's arcs and points can be told apart
            .minimum = 1,
            .maximum = 10000,
            .unit = HashringModule::tr("per node"),
            .description
            = HashringModule::tr("Ring and bounded: points per node of weight 1, at hash(\"<node>#<v>\")."),
            .group = HashringModule::tr("Placement"),
            .appliesWhen = onlyFor(strategy, { QStringLiteral("ring"), QStringLiteral("bounded") }) });
        schema.add({ .key = QStringLiteral("epsilon"),
            .label = HashringModule::tr("Bounded ε"),
            .kind = ParameterKind::Real,
            .defaultValue = 0.25,
            .minimum = 0.0,
            .maximum = 10.0,
            .description
            = HashringModule::tr("Bounded loads: no node holds more than ceil((1 + ε) × keys / nodes) keys."),
            .group = HashringModule::tr("Placement"),
            .appliesWhen = onlyFor(strategy, { QStringLiteral("bounded") }) });
        schema.add({ .key = QStringLiteral("table_size"),
            .label = HashringModule::tr("Maglev table size"),
            .kind = ParameterKind::Integer,
            .defaultValue = 65537,
            .minimum = 2,
            .maximum = 1000003,
            .unit = HashringModule::tr("slots"),
            .description
            = HashringModule::tr("Maglev lookup table size M; must be a prime larger than the node count."),
            .group = HashringModule::tr("Placement"),
            .appliesWhen = onlyFor(strategy, { QStringLiteral("maglev") }) });
    }
} // namespace

ParameterSchema HashringModule::schema()
{
    const QString strategy = QStringLiteral("strategy");
    const QString event = QStringLiteral("event");
    ParameterSchema schema;
    addPlacementParameters(schema);
    schema.add({ .key = QStringLiteral("nodes"),
        .label = tr("Nodes"),
        .kind = ParameterKind::Integer,
        .defaultValue = 5,
        .minimum = 1,
        .maximum = 10000,
        .description = tr("Number of nodes, named node0..node{N-1} (ignored when node names are given)."),
        .group = tr("Cluster") });
    schema.add({ .key = QStringLiteral("node_names"),
        .label = tr("Node names"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("Comma-separated node names; overrides the node count when not empty."),
        .group = tr("Cluster") });
    schema.add({ .key = QStringLiteral("weights"),
        .label = tr("Weights"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("Comma-separated relative weights, one per node (empty: all 1)."),
        .group = tr("Cluster"),
        .appliesWhen = exceptFor(strategy, { QStringLiteral("modulo"), QStringLiteral("jump") }) });
    schema.add({ .key = QStringLiteral("keys"),
        .label = tr("Keys"),
        .kind = ParameterKind::Integer,
        .defaultValue = 200, // few enough to follow single keys; the examples have more
        .minimum = 1,
        .maximum = 10000000,
        .description = tr("Number of keys, named <key_prefix><i> for i = 0..keys-1."),
        .group = tr("Keys") });
    schema.add({ .key = QStringLiteral("key_prefix"),
        .label = tr("Key prefix"),
        .kind = ParameterKind::Text,
        .defaultValue = QStringLiteral("key"),
        .description = tr("Keys are named <key_prefix>0, <key_prefix>1, ..."),
        .group = tr("Keys") });
    schema.add({ .key = QStringLiteral("event"),
        .label = tr("Event"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("add"),
        .choices = choicesOf(kEventKindNames),
        .description = tr("What happens to the cluster: a node joins, a node leaves, nothing, or a node's "
                          "weight changes to the event weight."),
        .group = tr("Event") });
    schema.add({ .key = QStringLiteral("event_node"),
        .label = tr("Event node"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("The node that joins, leaves or is re-weighted (default: add node<N>, remove "
                          "the last node, re-weight the first)."),
        .group = tr("Event"),
        .appliesWhen = exceptFor(event, { QStringLiteral("none") }) });
    schema.add({ .key = QStringLiteral("event_weight"),
        .label = tr("Event weight"),
        .kind = ParameterKind::Real,
        .defaultValue = 1.0,
        .minimum = 0.001,
        .maximum = 1000.0,
        .description = tr("Weight of a joining node, or the new weight of a re-weighted one."),
        .group = tr("Event"),
        .appliesWhen = onlyFor(event, { QStringLiteral("add"), QStringLiteral("reweight") }) });
    return schema;
}

std::unique_ptr<HashringSession> sessionFromValues(const ParameterValues &values, const WorkControl &control)
{
    const auto completed = HashringModule::schema().complete(values);
    if (!completed.ok())
        throw InputError(completed.error.toStdString());
    ScenarioParameters scenario;
    try {
        scenario = scenarioFromValues(completed.value.toMap());
    } catch (const std::invalid_argument &error) {
        throw InputError(error.what());
    }
    return HashringSession::create(scenario, control);
}

std::unique_ptr<Session> HashringModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    return sessionFromValues(values, control);
}

ConceptView *HashringModule::createView(QWidget *parent)
{
    auto *view = new HashringView(parent);
    view->setParameters(parameters().defaults());
    return view;
}

namespace {
    // The documented result keys of one scenario.
    QJsonObject resultData(const ScenarioParameters &scenario, const ScenarioOutcome &outcome)
    {
        QJsonObject d;
        d.insert(QStringLiteral("strategy"), nameOf(strategyName(scenario.placement.strategy)));
        d.insert(QStringLiteral("hash"),
            scenario.placement.strategy == Strategy::Ketama ? QStringLiteral("md5")
                                                            : nameOf(hashFunctionName(scenario.placement.hash)));
        d.insert(QStringLiteral("keys"), static_cast<qint64>(scenario.keyCount));
        d.insert(QStringLiteral("event"), nameOf(eventKindName(outcome.event.kind)));
        d.insert(QStringLiteral("event_node"), QString::fromStdString(outcome.event.node));
        d.insert(QStringLiteral("nodes_before"), namesArray(outcome.nodesBefore));
        d.insert(QStringLiteral("nodes_after"), namesArray(outcome.nodesAfter));
        QJsonObject counts;
        counts.insert(QStringLiteral("before"), countsObject(outcome.nodesBefore, outcome.countsBefore));
        counts.insert(QStringLiteral("after"), countsObject(outcome.nodesAfter, outcome.countsAfter));
        d.insert(QStringLiteral("counts"), counts);
        d.insert(QStringLiteral("moved"), static_cast<qint64>(outcome.moved));
        d.insert(QStringLiteral("moved_fraction"), outcome.movedFraction);
        d.insert(QStringLiteral("ideal_fraction"), outcome.idealFraction);
        d.insert(QStringLiteral("modulo_moved"), static_cast<qint64>(outcome.moduloMoved));
        d.insert(QStringLiteral("modulo_moved_fraction"), outcome.moduloMovedFraction);
        d.insert(QStringLiteral("max_over_mean"), outcome.statsAfter.maxOverMean);
        d.insert(QStringLiteral("stddev"), outcome.statsAfter.stddev);
        d.insert(QStringLiteral("max_over_mean_before"), outcome.statsBefore.maxOverMean);
        d.insert(QStringLiteral("stddev_before"), outcome.statsBefore.stddev);
        if (hasRing(scenario.placement.strategy)) {
            d.insert(QStringLiteral("ring_points_before"), static_cast<qint64>(outcome.ringPointsBefore));
            d.insert(QStringLiteral("ring_points_after"), static_cast<qint64>(outcome.ringPointsAfter));
        }
        if (scenario.placement.strategy == Strategy::Bounded) {
            d.insert(QStringLiteral("capacity_before"), static_cast<qint64>(outcome.boundedCapacityBefore));
            d.insert(QStringLiteral("capacity_after"), static_cast<qint64>(outcome.boundedCapacityAfter));
            d.insert(QStringLiteral("overflowed_before"), static_cast<qint64>(outcome.overflowedBefore));
            d.insert(QStringLiteral("overflowed_after"), static_cast<qint64>(outcome.overflowedAfter));
        }
        return d;
    }

    // One CSV row per key; above kMaxTableRows keys the table is left out (memory).
    ResultTable resultTable(const ScenarioParameters &scenario, const ScenarioOutcome &outcome)
    {
        constexpr std::int64_t kMaxTableRows = 2'000'000;
        ResultTable table;
        table.header = { QStringLiteral("key"), QStringLiteral("owner_before"), QStringLiteral("owner_after") };
        if (scenario.keyCount > kMaxTableRows)
            return table;
        const QString prefix = QString::fromStdString(scenario.keyPrefix);
        std::vector<QString> namesBefore, namesAfter;
        for (const Node &node : outcome.nodesBefore)
            namesBefore.push_back(QString::fromStdString(node.name));
        for (const Node &node : outcome.nodesAfter)
            namesAfter.push_back(QString::fromStdString(node.name));
        table.rows.reserve(static_cast<qsizetype>(outcome.ownersBefore.size()));
        for (std::size_t i = 0; i < outcome.ownersBefore.size(); ++i)
            table.rows.append(
                { prefix + QString::number(i), namesBefore[static_cast<std::size_t>(outcome.ownersBefore[i])],
                    namesAfter[static_cast<std::size_t>(outcome.ownersAfter[i])] });
        return table;
    }
} // namespace

RunResult HashringModule::run(const ParameterValues &values, const WorkControl &control)
{
    const auto completed = parameters().complete(values);
    if (!completed.ok())
        return RunResult::failure(completed.error);
    ScenarioOutcome outcome;
    ScenarioParameters scenario;
    try {
        scenario = scenarioFromValues(completed.value.toMap());
        outcome = runScenario(scenario, control);
    } catch (const std::invalid_argument &error) {
        return RunResult::failure(QString::fromStdString(error.what()));
    } catch (const Cancelled &) {
        RunResult result;
        result.cancelled = true;
        result.error = tr("cancelled");
        return result;
    } catch (const std::bad_alloc &) {
        return RunResult::failure(tr("keys: not enough memory for this many keys"));
    }

    RunResult result;
    result.data = resultData(scenario, outcome);
    result.table = resultTable(scenario, outcome);
    result.summary
        = tr("%1, %2 keys, %3 %4: %5 keys moved (%6%), ideal %7%, hash mod n would move %8%; "
             "max/mean %9")
              .arg(result.data.value(QStringLiteral("strategy")).toString())
              .arg(scenario.keyCount)
              .arg(result.data.value(QStringLiteral("event")).toString(), QString::fromStdString(outcome.event.node))
              .arg(outcome.moved)
              .arg(outcome.movedFraction * 100, 0, 'f', 2)
              .arg(outcome.idealFraction * 100, 0, 'f', 2)
              .arg(outcome.moduloMovedFraction * 100, 0, 'f', 2)
              .arg(outcome.statsAfter.maxOverMean, 0, 'f', 3);
    return result;
}

ParameterValues HashringModule::compareVariant(const ParameterValues &values) const
{
    // hash mod n against the ring: how many keys move when a node joins or leaves.
    return contrasted(values, QStringLiteral("strategy"), QStringLiteral("modulo"), QStringLiteral("ring"));
}

QStringList HashringModule::resultKeys() const
{
    return { QStringLiteral("counts"), QStringLiteral("moved"), QStringLiteral("moved_fraction"),
        QStringLiteral("ideal_fraction"), QStringLiteral("modulo_moved"), QStringLiteral("modulo_moved_fraction"),
        QStringLiteral("max_over_mean"), QStringLiteral("stddev"), QStringLiteral("max_over_mean_before"),
        QStringLiteral("stddev_before"), QStringLiteral("nodes_before"), QStringLiteral("nodes_after"),
        QStringLiteral("event"), QStringLiteral("event_node"), QStringLiteral("strategy"), QStringLiteral("hash"),
        QStringLiteral("keys"), QStringLiteral("ring_points_before"), QStringLiteral("ring_points_after"),
        QStringLiteral("capacity_before"), QStringLiteral("capacity_after"), QStringLiteral("overflowed_before"),
        QStringLiteral("overflowed_after"), QStringLiteral("at_step.event"), QStringLiteral("at_step.nodes"),
        QStringLiteral("at_step.moved"), QStringLiteral("at_step.moved_fraction"),
        QStringLiteral("at_step.ideal_fraction"), QStringLiteral("at_step.modulo_moved_fraction"),
        QStringLiteral("at_step.max_over_mean"), QStringLiteral("at_step.stddev"), QStringLiteral("at_step.counts") };
}

QJsonObject HashringModule::stepResults(const Session &session) const
{
    const auto *hashring = dynamic_cast<const HashringSession *>(&session);
    if (!hashring)
        return {};
    const TimelineState &state = *hashring->snapshot().state;
    QJsonObject d;
    d.insert(QStringLiteral("event"), QString::fromStdString(eventLabel(state.event)));
    d.insert(QStringLiteral("nodes"), static_cast<qint64>(state.nodes.size()));
    d.insert(QStringLiteral("moved"), static_cast<qint64>(state.moved));
    d.insert(QStringLiteral("moved_fraction"), state.movedFraction);
    d.insert(QStringLiteral("ideal_fraction"), state.idealFraction);
    d.insert(QStringLiteral("modulo_moved_fraction"), state.moduloMovedFraction);
    d.insert(QStringLiteral("max_over_mean"), state.stats.maxOverMean);
    d.insert(QStringLiteral("stddev"), state.stats.stddev);
    d.insert(QStringLiteral("counts"), countsObject(state.nodes, state.counts));
    return d;
}

} // namespace conceptlab::hashring

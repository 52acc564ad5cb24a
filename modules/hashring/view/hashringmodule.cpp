// The hashring plugin: schema, headless run (JSON result and per-key CSV table).
#include "hashringmodule.h"

#include "core/remapsimulation.h"
#include "hashringview.h"

#include <QJsonArray>
#include <QJsonObject>

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
    const auto strategy = parseStrategy(utf8(textValue(values, QStringLiteral("strategy"))));
    if (!strategy)
        throw std::invalid_argument("strategy: unknown strategy");
    p.placement.strategy = *strategy;
    const auto hash = parseHashFunction(utf8(textValue(values, QStringLiteral("hash"))));
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
    const auto event = parseEventKind(utf8(textValue(values, QStringLiteral("event"))));
    if (!event)
        throw std::invalid_argument("event: unknown event");
    p.event = *event;
    p.eventNode = utf8(textValue(values, QStringLiteral("event_node")));
    p.eventWeight = realValue(values, QStringLiteral("event_weight"));
    return p;
}

ParameterSchema HashringModule::parameters() const
{
    ParameterSchema schema;
    auto &strategy = schema.addEnum(QStringLiteral("strategy"), tr("Strategy"),
        { QStringLiteral("modulo"), QStringLiteral("ring"), QStringLiteral("ketama"), QStringLiteral("jump"),
            QStringLiteral("rendezvous"), QStringLiteral("maglev"), QStringLiteral("bounded") },
        QStringLiteral("ring"));
    strategy.description = tr("How keys are placed on nodes.");
    strategy.group = tr("Placement");
    auto &hash = schema.addEnum(QStringLiteral("hash"), tr("Hash"),
        { QStringLiteral("xxh64"), QStringLiteral("md5"), QStringLiteral("fnv1a") }, QStringLiteral("xxh64"));
    hash.description = tr("64-bit hash of keys and node labels (ketama always uses its own MD5 hashing).");
    hash.group = tr("Placement");
    auto &vnodes = schema.addInteger(QStringLiteral("vnodes"), tr("Virtual nodes"), 160, 1, 10000);
    vnodes.unit = tr("per node");
    vnodes.description = tr("Ring and bounded: points per node of weight 1, at hash(\"<node>#<v>\").");
    vnodes.group = tr("Placement");
    auto &epsilon = schema.addReal(QStringLiteral("epsilon"), tr("Bounded ε"), 0.25, 0.0, 10.0);
    epsilon.description = tr("Bounded loads: no node holds more than ceil((1 + ε) × keys / nodes) keys.");
    epsilon.group = tr("Placement");
    auto &table = schema.addInteger(QStringLiteral("table_size"), tr("Maglev table size"), 65537, 2, 1000003);
    table.unit = tr("slots");
    table.description = tr("Maglev lookup table size M; must be a prime larger than the node count.");
    table.group = tr("Placement");

    auto &nodes = schema.addInteger(QStringLiteral("nodes"), tr("Nodes"), 5, 1, 10000);
    nodes.description = tr("Number of nodes, named node0..node{N-1} (ignored when node names are given).");
    nodes.group = tr("Cluster");
    auto &names = schema.addText(QStringLiteral("node_names"), tr("Node names"), QString());
    names.description = tr("Comma-separated node names; overrides the node count when not empty.");
    names.group = tr("Cluster");
    auto &weights = schema.addText(QStringLiteral("weights"), tr("Weights"), QString());
    weights.description = tr("Comma-separated relative weights, one per node (empty: all 1).");
    weights.group = tr("Cluster");

    auto &keys = schema.addInteger(QStringLiteral("keys"), tr("Keys"), 10000, 1, 10000000);
    keys.description = tr("Number of keys, named <key_prefix><i> for i = 0..keys-1.");
    keys.group = tr("Keys");
    auto &prefix = schema.addText(QStringLiteral("key_prefix"), tr("Key prefix"), QStringLiteral("key"));
    prefix.description = tr("Keys are named <key_prefix>0, <key_prefix>1, ...");
    prefix.group = tr("Keys");

    auto &event = schema.addEnum(QStringLiteral("event"), tr("Event"),
        { QStringLiteral("add"), QStringLiteral("remove"), QStringLiteral("none"), QStringLiteral("reweight") },
        QStringLiteral("add"));
    event.description = tr("What happens to the cluster: a node joins, a node leaves, nothing, or a node's "
                           "weight changes to the event weight.");
    event.group = tr("Event");
    auto &eventNode = schema.addText(QStringLiteral("event_node"), tr("Event node"), QString());
    eventNode.description = tr("The node that joins, leaves or is re-weighted (default: add node<N>, remove "
                               "the last node, re-weight the first).");
    eventNode.group = tr("Event");
    auto &eventWeight = schema.addReal(QStringLiteral("event_weight"), tr("Event weight"), 1.0, 0.001, 1000.0);
    eventWeight.description = tr("Weight of a joining node, or the new weight of a re-weighted one.");
    eventWeight.group = tr("Event");
    return schema;
}

ConceptView *HashringModule::createView(QWidget *parent)
{
    auto *view = new HashringView(parent);
    view->setParameters(parameters().defaults());
    return view;
}

RunResult HashringModule::run(const ParameterValues &values, const Progress &progress)
{
    const auto completed = parameters().complete(values);
    if (!completed.ok())
        return RunResult::failure(completed.error);
    const ParameterValues all = completed.value.toMap();
    ScenarioOutcome outcome;
    ScenarioParameters scenario;
    try {
        scenario = scenarioFromValues(all);
        outcome = runScenario(scenario, [&](double fraction) {
            progress.report(fraction);
            return !progress.isCancelled();
        });
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
    QJsonObject &d = result.data;
    d.insert(QStringLiteral("strategy"), QString::fromUtf8(strategyName(scenario.placement.strategy).data()));
    d.insert(QStringLiteral("hash"),
        scenario.placement.strategy == Strategy::Ketama
            ? QStringLiteral("md5")
            : QString::fromUtf8(hashFunctionName(scenario.placement.hash).data()));
    d.insert(QStringLiteral("keys"), static_cast<qint64>(scenario.keyCount));
    d.insert(QStringLiteral("event"), QString::fromUtf8(eventKindName(outcome.event.kind).data()));
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

    // One CSV row per key; above kMaxTableRows keys the table is left out (memory).
    constexpr std::int64_t kMaxTableRows = 2'000'000;
    result.table.header = { QStringLiteral("key"), QStringLiteral("owner_before"), QStringLiteral("owner_after") };
    const QString prefix = QString::fromStdString(scenario.keyPrefix);
    std::vector<QString> namesBefore, namesAfter;
    for (const Node &node : outcome.nodesBefore)
        namesBefore.push_back(QString::fromStdString(node.name));
    for (const Node &node : outcome.nodesAfter)
        namesAfter.push_back(QString::fromStdString(node.name));
    if (scenario.keyCount <= kMaxTableRows)
        result.table.rows.reserve(static_cast<qsizetype>(outcome.ownersBefore.size()));
    for (std::size_t i = 0; scenario.keyCount <= kMaxTableRows && i < outcome.ownersBefore.size(); ++i)
        result.table.rows.append(
            { prefix + QString::number(i), namesBefore[static_cast<std::size_t>(outcome.ownersBefore[i])],
                namesAfter[static_cast<std::size_t>(outcome.ownersAfter[i])] });

    result.summary = tr("%1, %2 keys, %3 %4: %5 keys moved (%6%), ideal %7%, hash mod n would move %8%; "
                        "max/mean %9")
                         .arg(d.value(QStringLiteral("strategy")).toString())
                         .arg(scenario.keyCount)
                         .arg(d.value(QStringLiteral("event")).toString(), QString::fromStdString(outcome.event.node))
                         .arg(outcome.moved)
                         .arg(outcome.movedFraction * 100, 0, 'f', 2)
                         .arg(outcome.idealFraction * 100, 0, 'f', 2)
                         .arg(outcome.moduloMovedFraction * 100, 0, 'f', 2)
                         .arg(outcome.statsAfter.maxOverMean, 0, 'f', 3);
    return result;
}

} // namespace conceptlab::hashring

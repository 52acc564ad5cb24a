// Fuzzes the hashring scenario input: text fields (node names, weights, event node) and
// numbers taken from the input bytes. Bad input must give std::invalid_argument naming a
// parameter; good input must give consistent results.
#include "core/remapsimulation.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

using namespace conceptlab::hashring;

namespace {
void check(bool condition)
{
    if (!condition)
        std::abort();
}

bool namesParameter(std::string_view message)
{
    for (std::string_view key : { "nodes:", "node_names:", "weights:", "vnodes:", "keys:", "key_prefix:", "event_node:",
             "event_weight:", "epsilon:", "table_size:" })
        if (message.substr(0, key.size()) == key)
            return true;
    return false;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 8)
        return 0;
    ScenarioParameters s;
    s.placement.strategy = allStrategies()[data[0] % allStrategies().size()];
    s.placement.hash = static_cast<HashFunction>(data[1] % 3);
    s.placement.virtualNodes = 1 + data[2] % 64;
    s.placement.epsilon = (data[3] % 21) * 0.05;
    static constexpr std::int64_t kTables[] = { 2, 3, 7, 8, 251, 1009, 65537, 1000 };
    s.placement.maglevTableSize = kTables[data[4] % 8];
    s.nodeCount = data[5] % 24;
    s.keyCount = 1 + (data[6] | (data[7] & 0x0f) << 8) % 3000;
    s.event = static_cast<EventKind>((data[7] >> 4) % 4);
    s.eventWeight = 0.25 * (1 + (data[7] >> 6));
    // The rest: node_names | weights | event_node, separated by '|'.
    std::string rest(reinterpret_cast<const char *>(data + 8), size - 8);
    const auto first = rest.find('|');
    s.nodeNames = rest.substr(0, first);
    if (first != std::string::npos) {
        const auto second = rest.find('|', first + 1);
        s.weights = rest.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
        if (second != std::string::npos)
            s.eventNode = rest.substr(second + 1);
    }
    try {
        const ScenarioOutcome out = runScenario(s);
        check(out.ownersBefore.size() == static_cast<std::size_t>(s.keyCount));
        check(out.moved >= 0 && out.moved <= s.keyCount);
        check(out.movedFraction >= 0 && out.movedFraction <= 1);
        check(out.idealFraction >= 0 && out.idealFraction <= 1);
        std::int64_t total = 0;
        for (auto c : out.countsAfter)
            total += c;
        check(total == s.keyCount);
        if (s.event == EventKind::None)
            check(out.moved == 0);
    } catch (const std::invalid_argument &error) {
        check(namesParameter(error.what()));
    }
    return 0;
}

// Workloads: requests with arrival times and prompt/output lengths, generated from seeded
// distributions or read from a CSV trace `arrival_s,prompt_tokens,output_tokens`.
#pragma once

#include <text.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab {
class Random;
}

namespace conceptlab::batching {

/// One request, in arrival order.
struct Request {
    double arrivalSeconds = 0; ///< when it reaches the server, seconds
    int promptTokens = 1; ///< tokens in the prompt, >= 1
    int outputTokens = 1; ///< tokens it generates before it ends, >= 1
};

enum class ArrivalPattern { Burst, Poisson, Gamma };
enum class LengthDistribution { Fixed, Uniform, Exponential, LogNormal };

/// Arrival patterns and their parameter names, in the order of the schema.
inline constexpr EnumNames<ArrivalPattern, 3> kArrivalPatternNames { { {
    { ArrivalPattern::Burst, "burst" },
    { ArrivalPattern::Poisson, "poisson" },
    { ArrivalPattern::Gamma, "gamma" },
} } };
/// Length distributions and their parameter names, in the order of the schema.
inline constexpr EnumNames<LengthDistribution, 4> kLengthDistributionNames { { {
    { LengthDistribution::Fixed, "fixed" },
    { LengthDistribution::Uniform, "uniform" },
    { LengthDistribution::Exponential, "exponential" },
    { LengthDistribution::LogNormal, "lognormal" },
} } };

/// How lengths are drawn. Every distribution gives integers in [1, maxTokens].
struct LengthSpec {
    LengthDistribution distribution = LengthDistribution::Fixed;
    double meanTokens = 128; ///< fixed value, or mean before the cap
    int maxTokens = 512; ///< cap, inclusive
    double logNormalSigma = 1.0; ///< sigma of the underlying normal (log-normal only)
};

struct WorkloadSpec {
    int requests = 100;
    ArrivalPattern arrival = ArrivalPattern::Burst;
    double ratePerSecond = 10; ///< mean arrival rate (Poisson, gamma)
    double burstiness = 0.5; ///< gamma shape: 1 = Poisson, < 1 burstier
    LengthSpec prompt;
    LengthSpec output;
};

/// One length from the spec.
int drawLength(const LengthSpec &spec, Random &random);

/// requests in arrival order; deterministic in (spec, seed).
std::vector<Request> generateWorkload(const WorkloadSpec &spec, std::uint64_t seed);

/// Result of reading a trace: requests, or an error at a 1-based line and column.
struct TraceParse {
    std::vector<Request> requests;
    std::string error; ///< "file:line:column: message"; empty on success (then requests is non-empty)
    int line = 0;
    int column = 0;

    bool ok() const { return error.empty(); }
};

/// Most rows a trace may hold.
inline constexpr int kMaxTraceRows = 1000000;
/// Largest prompt or output length accepted, tokens.
inline constexpr int kMaxTraceTokens = 1000000;

/// Parses CSV text: an optional header `arrival_s,prompt_tokens,output_tokens`, then one row
/// per request with arrival_s >= 0 (non-decreasing), prompt_tokens >= 1, output_tokens >= 1.
/// Blank lines and lines starting with '#' are skipped. On the first bad field nothing is loaded.
TraceParse parseTrace(std::string_view text, const std::string &fileName);

} // namespace conceptlab::batching

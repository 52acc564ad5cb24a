// Seeded workload generation (conceptlab::Random only) and the line-by-line trace reader.
#include "workload.h"

#include "random.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace conceptlab::batching {

int drawLength(const LengthSpec &spec, Random &random)
{
    const double cap = std::max(1, spec.maxTokens);
    double value = spec.meanTokens;
    switch (spec.distribution) {
    case LengthDistribution::Fixed:
        break;
    case LengthDistribution::Uniform: {
        // Integers 1 .. 2·mean − 1 have the given mean.
        const auto high = std::max<std::int64_t>(1, std::llround(2.0 * spec.meanTokens) - 1);
        value = static_cast<double>(random.uniformInt(1, high));
        break;
    }
    case LengthDistribution::Exponential:
        value = random.exponential(spec.meanTokens);
        break;
    case LengthDistribution::LogNormal: {
        const double sigma = spec.logNormalSigma;
        value = random.logNormal(std::log(std::max(1e-9, spec.meanTokens)) - 0.5 * sigma * sigma, sigma);
        break;
    }
    }
    return static_cast<int>(std::clamp(std::round(value), 1.0, cap));
}

std::vector<Request> generateWorkload(const WorkloadSpec &spec, std::uint64_t seed)
{
    Random random(seed);
    std::vector<Request> requests(static_cast<std::size_t>(std::max(0, spec.requests)));
    double time = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        Request &request = requests[i];
        // The first request arrives at 0; the gaps follow (as a load generator sends,
        // then sleeps for the next gap).
        if (i > 0) {
            switch (spec.arrival) {
            case ArrivalPattern::Burst:
                break;
            case ArrivalPattern::Poisson:
                time += random.exponential(1.0 / spec.ratePerSecond);
                break;
            case ArrivalPattern::Gamma:
                time += random.gamma(spec.burstiness, 1.0 / (spec.ratePerSecond * spec.burstiness));
                break;
            }
        }
        request.arrivalSeconds = time;
        request.promptTokens = drawLength(spec.prompt, random);
        request.outputTokens = drawLength(spec.output, random);
    }
    return requests;
}

namespace {

    /// A trimmed field of a row and its 1-based column.
    struct Field {
        std::string_view text;
        int column = 1;
    };

    /// A rejected trace: line, column and message.
    struct TraceError {
        int line = 0;
        int column = 0;
        std::string message;
    };

    /// Cuts a row at its commas; at most three fields.
    std::optional<TraceError> splitRow(std::string_view line, int lineNumber, std::vector<Field> &fields)
    {
        fields.clear();
        std::size_t start = 0;
        for (const std::string_view part : split(line, ',')) {
            if (fields.size() == 3)
                return TraceError { lineNumber, static_cast<int>(start) + 1,
                    "too many fields: expected arrival_s,prompt_tokens,output_tokens" };
            const std::string_view text = trim(part);
            const auto lead = text.empty() ? part.size() : static_cast<std::size_t>(text.data() - part.data());
            fields.push_back(Field { text, static_cast<int>(start + lead) + 1 });
            start += part.size() + 1;
        }
        return std::nullopt;
    }

    /// One request from its three fields; `previous` is the last accepted arrival (or null).
    std::optional<TraceError> readRow(
        const std::vector<Field> &fields, int lineNumber, const Request *previous, Request &request)
    {
        const Field &arrival = fields[0];
        const std::optional<double> seconds = parseDouble(arrival.text);
        if (!seconds || !std::isfinite(*seconds))
            return TraceError { lineNumber, arrival.column,
                "arrival_s must be a number of seconds, got " + quoted(arrival.text) };
        if (*seconds < 0)
            return TraceError { lineNumber, arrival.column, "arrival_s must be >= 0, got " + quoted(arrival.text) };
        if (previous && *seconds < previous->arrivalSeconds)
            return TraceError { lineNumber, arrival.column,
                "arrival_s goes backwards (rows must be in arrival order), got " + quoted(arrival.text) };
        request.arrivalSeconds = *seconds;
        for (int i = 1; i < 3; ++i) {
            const Field &field = fields[static_cast<std::size_t>(i)];
            const std::optional<std::int64_t> tokens = parseInteger(field.text);
            if (!tokens || *tokens < 1 || *tokens > kMaxTraceTokens)
                return TraceError { lineNumber, field.column,
                    std::string(i == 1 ? "prompt_tokens" : "output_tokens") + " must be an integer in [1, "
                        + formatInteger(kMaxTraceTokens) + "], got " + quoted(field.text) };
            (i == 1 ? request.promptTokens : request.outputTokens) = static_cast<int>(*tokens);
        }
        return std::nullopt;
    }

    /// Reads every row; the first bad field stops the load.
    std::optional<TraceError> readRows(std::string_view text, std::vector<Request> &requests, int &lineNumber)
    {
        std::vector<Field> fields;
        bool seenContent = false;
        std::size_t position = 0;
        while (position < text.size()) {
            std::size_t end = text.find('\n', position);
            if (end == std::string_view::npos)
                end = text.size();
            std::string_view line = text.substr(position, end - position);
            position = end + 1;
            ++lineNumber;
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            const std::string_view stripped = trim(line);
            if (stripped.empty() || stripped.front() == '#')
                continue;
            if (const auto nul = line.find('\0'); nul != std::string_view::npos)
                return TraceError { lineNumber, static_cast<int>(nul) + 1, "unexpected NUL byte" };
            if (auto error = splitRow(line, lineNumber, fields))
                return error;
            if (!seenContent) {
                seenContent = true;
                if (fields[0].text == "arrival_s") {
                    if (fields.size() != 3 || fields[1].text != "prompt_tokens" || fields[2].text != "output_tokens")
                        return TraceError { lineNumber, 1, "header must be arrival_s,prompt_tokens,output_tokens" };
                    continue;
                }
            }
            if (fields.size() < 3)
                return TraceError { lineNumber, static_cast<int>(line.size()) + 1,
                    "expected 3 fields (arrival_s,prompt_tokens,output_tokens), found "
                        + formatInteger(static_cast<std::int64_t>(fields.size())) };
            Request request;
            if (auto error = readRow(fields, lineNumber, requests.empty() ? nullptr : &requests.back(), request))
                return error;
            if (static_cast<int>(requests.size()) >= kMaxTraceRows)
                return TraceError { lineNumber, 1, "more than " + formatInteger(kMaxTraceRows) + " requests" };
            requests.push_back(request);
        }
        return std::nullopt;
    }

} // namespace

TraceParse parseTrace(std::string_view text, const std::string &fileName)
{
    TraceParse result;
    std::vector<Request> requests;
    int lineNumber = 0;
    std::optional<TraceError> error = readRows(text, requests, lineNumber);
    if (!error && requests.empty())
        error = TraceError { std::max(1, lineNumber), 1, "the trace holds no requests" };
    if (error) {
        result.line = error->line;
        result.column = error->column;
        result.error
            = fileName + ':' + formatInteger(error->line) + ':' + formatInteger(error->column) + ": " + error->message;
        return result;
    }
    result.requests = std::move(requests);
    return result;
}

} // namespace conceptlab::batching

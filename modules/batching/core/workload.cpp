// Seeded workload generation (conceptlab::Random only) and the line-by-line trace reader.
#include "workload.h"

#include "random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

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

    std::string_view trim(std::string_view text, int &offset)
    {
        std::size_t begin = 0;
        while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t'))
            ++begin;
        std::size_t end = text.size();
        while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
            --end;
        offset += static_cast<int>(begin);
        return text.substr(begin, end - begin);
    }

    std::string quoted(std::string_view text)
    {
        std::string shown(text.substr(0, 40));
        if (text.size() > 40)
            shown += "...";
        return "'" + shown + "'";
    }

} // namespace

TraceParse parseTrace(std::string_view text, const std::string &fileName)
{
    TraceParse result;
    std::vector<Request> requests;
    auto fail = [&](int line, int column, const std::string &message) {
        result.line = line;
        result.column = column;
        std::ostringstream out;
        out << fileName << ':' << line << ':' << column << ": " << message;
        result.error = out.str();
        return result;
    };

    std::size_t position = 0;
    int lineNumber = 0;
    bool seenContent = false;
    while (position < text.size()) {
        std::size_t end = text.find('\n', position);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(position, end - position);
        position = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        int lead = 0;
        const std::string_view stripped = trim(line, lead);
        if (stripped.empty() || stripped.front() == '#')
            continue;
        if (line.find('\0') != std::string_view::npos)
            return fail(lineNumber, static_cast<int>(line.find('\0')) + 1, "unexpected NUL byte");

        // Split into fields, remembering each field's 1-based column.
        std::string_view fields[3];
        int columns[3] = { 1, 1, 1 };
        int count = 0;
        std::size_t start = 0;
        for (;;) {
            const std::size_t comma = line.find(',', start);
            const std::size_t stop = comma == std::string_view::npos ? line.size() : comma;
            if (count == 3)
                return fail(lineNumber, static_cast<int>(start) + 1,
                    "too many fields: expected arrival_s,prompt_tokens,output_tokens");
            int column = static_cast<int>(start) + 1;
            fields[count] = trim(line.substr(start, stop - start), column);
            columns[count] = column;
            ++count;
            if (comma == std::string_view::npos)
                break;
            start = comma + 1;
        }

        if (!seenContent) {
            seenContent = true;
            if (fields[0] == "arrival_s") {
                if (count != 3 || fields[1] != "prompt_tokens" || fields[2] != "output_tokens")
                    return fail(lineNumber, 1, "header must be arrival_s,prompt_tokens,output_tokens");
                continue;
            }
        }
        if (count < 3)
            return fail(lineNumber, static_cast<int>(line.size()) + 1,
                "expected 3 fields (arrival_s,prompt_tokens,output_tokens), found " + std::to_string(count));

        Request request;
        {
            const std::string_view field = fields[0];
            double value = 0;
            const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
            if (field.empty() || ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(value))
                return fail(lineNumber, columns[0], "arrival_s must be a number of seconds, got " + quoted(field));
            if (value < 0)
                return fail(lineNumber, columns[0], "arrival_s must be >= 0, got " + quoted(field));
            if (!requests.empty() && value < requests.back().arrivalSeconds)
                return fail(lineNumber, columns[0],
                    "arrival_s goes backwards (rows must be in arrival order), got " + quoted(field));
            request.arrivalSeconds = value;
        }
        for (int i = 1; i < 3; ++i) {
            const std::string_view field = fields[i];
            const char *name = i == 1 ? "prompt_tokens" : "output_tokens";
            long long value = 0;
            const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
            if (field.empty() || ec != std::errc() || ptr != field.data() + field.size() || value < 1
                || value > kMaxTraceTokens)
                return fail(lineNumber, columns[i],
                    std::string(name) + " must be an integer in [1, " + std::to_string(kMaxTraceTokens) + "], got "
                        + quoted(field));
            (i == 1 ? request.promptTokens : request.outputTokens) = static_cast<int>(value);
        }
        if (static_cast<int>(requests.size()) >= kMaxTraceRows)
            return fail(lineNumber, 1, "more than " + std::to_string(kMaxTraceRows) + " requests");
        requests.push_back(request);
    }
    if (requests.empty())
        return fail(std::max(1, lineNumber), 1, "the trace holds no requests");
    result.requests = std::move(requests);
    return result;
}

} // namespace conceptlab::batching

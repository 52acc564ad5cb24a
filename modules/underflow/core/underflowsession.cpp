// The underflow session (underflowsession.h): snapshots, the CSV table and highlight targets.
#include "underflowsession.h"

#include "files.h"

#include <algorithm>
#include <iterator>

namespace conceptlab::underflow {

namespace {
    // A probability file of a million lines needs about 25 MB.
    constexpr std::size_t kMaxFileBytes = std::size_t { 64 } << 20;

    std::string_view className(ValueClass c)
    {
        switch (c) {
        case ValueClass::Zero:
            return "zero";
        case ValueClass::Subnormal:
            return "subnormal";
        case ValueClass::Normal:
            return "normal";
        case ValueClass::Infinite:
            return "inf";
        case ValueClass::NaN:
            return "nan";
        }
        return {};
    }
} // namespace

std::vector<Format> parseFormats(std::string_view text)
{
    if (trim(text).empty() || trim(text) == "all")
        return { kAllFormats.begin(), kAllFormats.end() };
    std::vector<Format> chosen;
    for (std::string_view part : split(text, ',')) {
        const auto format = kFormatNames.parse(trim(part));
        if (!format)
            throw InputError(
                "formats: unknown format " + quoted(trim(part)) + "; expected all or " + kFormatNames.allowed());
        chosen.push_back(*format);
    }
    std::vector<Format> ordered; // display order, each once
    for (Format f : kAllFormats)
        if (std::find(chosen.begin(), chosen.end(), f) != chosen.end())
            ordered.push_back(f);
    return ordered;
}

std::unique_ptr<UnderflowSession> UnderflowSession::create(const RunSettings &settings, const WorkControl &control)
{
    std::unique_ptr<UnderflowSession> session(new UnderflowSession);
    session->m_settings = settings;
    SourceParameters source = settings.source;
    if (source.source == Source::File)
        source.fileText = readFileLimited(settings.filePath, kMaxFileBytes, "file");
    if (settings.logits.empty())
        throw InputError("logits: give at least one number");
    if (settings.shown.empty())
        throw InputError("formats: choose at least one format");
    session->m_trace
        = std::make_shared<const Trace>(computeTrace(makeProbabilities(source), settings.subnormals, control));
    return session;
}

UnderflowSnapshot UnderflowSession::snapshot() const
{
    return snapshotAt(currentStep());
}

UnderflowSnapshot UnderflowSession::snapshotAt(std::int64_t step) const
{
    UnderflowSnapshot s;
    s.step = step;
    s.steps = m_trace->steps();
    s.trace = m_trace;
    s.logits = m_settings.logits;
    const auto index = static_cast<std::size_t>(step - 1);
    if (step > 0) {
        s.probability = m_trace->probabilities[index];
        s.exactLogProduct = m_trace->exactLogProduct[index];
    }
    double maxLogit = m_settings.logits.front();
    for (double z : m_settings.logits)
        maxLogit = std::max(maxLogit, z);
    std::vector<double> exactInputs;
    for (double z : m_settings.logits)
        exactInputs.push_back(s.exactLogProduct + (z - maxLogit));
    s.exactLogSumExp = exactLogSumExp(exactInputs);
    for (Format format : m_settings.shown) {
        const FormatSpec &spec = specOf(format);
        const FormatTrace &t = m_trace->of(format);
        FormatState f;
        f.format = format;
        f.bits = step > 0 ? t.productBits[index] : fromDouble(spec, 1.0);
        f.value = toDouble(spec, f.bits);
        f.valueClass = classify(spec, f.bits);
        f.stuck = t.stuckFromStep && step >= *t.stuckFromStep;
        f.logSum = step > 0 ? toDouble(spec, t.logSumBits[index]) : 0.0;
        f.maxRelativeError = step > 0 ? t.maxRelativeError[index] : 0.0;
        std::vector<double> inputs;
        for (double z : m_settings.logits)
            inputs.push_back(f.logSum + (z - maxLogit));
        f.logSumExp = logSumExp(spec, inputs);
        f.softmax = softmax(spec, m_settings.logits);
        s.formats.push_back(std::move(f));
    }
    return s;
}

std::string UnderflowSession::statusText() const
{
    if (currentStep() == 0)
        return "empty product = 1";
    std::string text = "p = " + formatNumber(m_trace->probabilities[static_cast<std::size_t>(currentStep() - 1)], 6);
    for (Format format : m_settings.shown) {
        const FormatTrace &t = m_trace->of(format);
        const std::uint64_t bits = t.productBits[static_cast<std::size_t>(currentStep() - 1)];
        text += " · ";
        text += kFormatNames.name(format);
        text += ' ';
        text += className(classify(specOf(format), bits));
        if (t.stuckFromStep && currentStep() >= *t.stuckFromStep)
            text += " (stuck)";
    }
    return text;
}

Table UnderflowSession::currentTable() const
{
    Table table;
    table.header = { "step", "p" };
    for (Format format : m_settings.shown) {
        table.header.emplace_back(kFormatNames.name(format));
        table.header.push_back(std::string(kFormatNames.name(format)) + "_bits");
    }
    for (std::int64_t k = 1; k <= currentStep(); ++k) {
        const auto i = static_cast<std::size_t>(k - 1);
        std::vector<std::string> row { formatInteger(k), formatNumber(m_trace->probabilities[i]) };
        for (Format format : m_settings.shown) {
            const FormatSpec &spec = specOf(format);
            const std::uint64_t bits = m_trace->of(format).productBits[i];
            row.push_back(formatNumber(toDouble(spec, bits)));
            row.push_back(hexBits(spec, bits));
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

std::vector<std::string> UnderflowSession::highlightTargets() const
{
    std::vector<std::string> targets;
    for (Format format : m_settings.shown)
        targets.push_back("format:" + std::string(kFormatNames.name(format)));
    for (Format format : m_settings.shown)
        for (int i = 0; i < specOf(format).totalBits(); ++i)
            targets.push_back("bit:" + std::string(kFormatNames.name(format)) + ":" + formatInteger(i));
    return targets;
}

} // namespace conceptlab::underflow

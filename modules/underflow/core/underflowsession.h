// The live simulation of the underflow module: the run of every format, computed when the
// session is built, and the step the playback bar is at. Plain C++; the view draws snapshot().
#pragma once

#include "probabilities.h"
#include "session.h"
#include "trace.h"
#include "workcontrol.h"

#include <memory>
#include <string>
#include <vector>

namespace conceptlab::underflow {

/// Everything a session is built from.
struct RunSettings {
    SourceParameters source;
    std::string filePath; ///< source file: read when the session is built
    Subnormals subnormals = Subnormals::Gradual;
    std::vector<double> logits { 1000, 1001, 1002 }; ///< softmax and logsumexp inputs
    std::vector<Format> shown { kAllFormats.begin(), kAllFormats.end() }; ///< formats the view and CSV show
};

/// Parses "all" or a comma-separated list of format names; throws InputError "formats: …".
std::vector<Format> parseFormats(std::string_view text);

/// One format at the current step.
struct FormatState {
    Format format = Format::Float64;
    std::uint64_t bits = 0; ///< the running product (1 at step 0: the empty product)
    double value = 1; ///< its exact value
    ValueClass valueClass = ValueClass::Normal;
    bool stuck = false; ///< the step is at or after the format's stuck step
    double logSum = 0; ///< Σ log p_i in the format (0 at step 0)
    double maxRelativeError = 0; ///< max over the steps so far of |x − P| / P
    LogSumExp logSumExp; ///< of x_j = logSum + (z_j − max z) in the format
    Softmax softmax; ///< of the logits z in the format (the same at every step)
};

/// What the view draws at one step.
struct UnderflowSnapshot {
    std::int64_t step = 0; ///< steps taken (step k holds p1·…·pk)
    std::int64_t steps = 0; ///< steps in the run
    double probability = 0; ///< p_k (0 at step 0)
    double exactLogProduct = 0; ///< ln(p1·…·pk), exact (0 at step 0)
    double exactLogSumExp = 0; ///< exact logsumexp of exactLogProduct + (z_j − max z)
    std::vector<FormatState> formats; ///< the shown formats, in display order
    std::shared_ptr<const Trace> trace; ///< the whole run (for the chart)
    std::vector<double> logits; ///< z
};

class UnderflowSession : public IndexedSession {
public:
    /// Builds the run: reads the file, draws the sequence, emulates every format and the
    /// exact reference. Throws InputError naming the parameter, Cancelled when cancelled.
    static std::unique_ptr<UnderflowSession> create(const RunSettings &settings, const WorkControl &control);

    int stepCount() const override { return static_cast<int>(m_trace->steps()); }
    /// Each shown format's class now, e.g. "p = 0.5 · float16 subnormal · float8_e4m3fn zero".
    std::string statusText() const override;
    /// step, p, then <format> and <format>_bits per shown format: one row per step ≤ current.
    Table currentTable() const override;
    /// "format:<name>" per shown format and "bit:<name>:<index>" per bit (0 = least significant).
    std::vector<std::string> highlightTargets() const override;

    /// The current step, for drawing.
    UnderflowSnapshot snapshot() const;
    /// The snapshot at any step in [0, steps].
    UnderflowSnapshot snapshotAt(std::int64_t step) const;
    /// The whole run.
    const Trace &trace() const { return *m_trace; }
    /// What the session was built from.
    const RunSettings &settings() const { return m_settings; }

private:
    UnderflowSession() = default;

    RunSettings m_settings;
    std::shared_ptr<const Trace> m_trace;
};

} // namespace conceptlab::underflow

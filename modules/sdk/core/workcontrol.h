// Progress and cancellation for a core's long work: one convention for every module.
// The worker calls report() now and then and checkpoint() where stopping is safe;
// checkpoint() throws Cancelled once cancel() was called from any thread.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

namespace conceptlab {

/// Thrown by WorkControl::checkpoint() when the work was cancelled; callers that started the
/// work catch it, nobody else.
struct Cancelled : std::exception {
    const char *what() const noexcept override { return "cancelled"; }
};

/// Handed to long work. The default neither reports nor cancels (headless runs, tests).
class WorkControl {
public:
    using Reporter = std::function<void(double fraction, std::string_view message)>;

    WorkControl() = default;
    explicit WorkControl(Reporter reporter)
        : m_reporter(std::move(reporter))
    {
    }
    WorkControl(const WorkControl &) = delete;
    WorkControl &operator=(const WorkControl &) = delete;

    /// fraction in [0, 1] of the whole work; message may be empty. Called from the working thread.
    void report(double fraction, std::string_view message = {}) const
    {
        if (m_reporter)
            m_reporter(fraction, message);
    }
    /// Asks the work to stop at its next checkpoint; safe from any thread.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    /// Throws Cancelled if cancel() was called.
    void checkpoint() const
    {
        if (cancelled())
            throw Cancelled();
    }

private:
    Reporter m_reporter;
    std::atomic<bool> m_cancelled { false };
};

} // namespace conceptlab

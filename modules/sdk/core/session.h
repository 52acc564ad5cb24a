// The simulation a view shows, stepped in the core: parameters → session (reset / step)
// → snapshot → view. Plain C++; every module's core implements one typed subclass whose
// snapshot() its view draws, and headless export steps the same object.
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace conceptlab {

/// Rows of text cells under a header (the CSV export of the current state).
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// Thrown while building a session or stepping it when the input cannot be simulated: the
/// message names the parameter or the position (line:column) of the error.
class InputError : public std::exception {
public:
    explicit InputError(std::string message)
        : m_message(std::move(message))
    {
    }
    const char *what() const noexcept override { return m_message.c_str(); }
    const std::string &message() const { return m_message; }

private:
    std::string m_message;
};

/// A simulation at one step. Built (possibly slowly, off the GUI thread) from complete,
/// valid parameters by the module's core; steps are cheap enough for the GUI thread.
class Session {
public:
    virtual ~Session() = default;

    /// Back to step 0 with the parameters it was built from.
    virtual void reset() = 0;
    /// One step forward; false (and no change) at the end.
    virtual bool stepForward() = 0;
    /// One step back, exactly to the previous state; false (and no change) at step 0.
    virtual bool stepBackward() = 0;
    /// Steps taken since reset.
    virtual int currentStep() const = 0;
    /// No further step is possible.
    virtual bool atEnd() const = 0;
    /// One line for the status bar, e.g. "3 keys moved"; the shell adds the step.
    virtual std::string statusText() const { return {}; }
    /// The current state as a table (`export --out x.csv`); empty if the module has none.
    virtual Table currentTable() const { return {}; }
    /// Lesson highlight targets this state offers (e.g. "node:node3", "line:8"); see the
    /// module's docs/modules/<id>.md.
    virtual std::vector<std::string> highlightTargets() const { return {}; }
};

/// A session whose states were all computed when it was built: playback moves an index
/// between 0 and stepCount(), so stepping back is exact by construction.
class IndexedSession : public Session {
public:
    void reset() override { m_step = 0; }
    bool stepForward() override
    {
        if (atEnd())
            return false;
        ++m_step;
        return true;
    }
    bool stepBackward() override
    {
        if (m_step == 0)
            return false;
        --m_step;
        return true;
    }
    int currentStep() const override { return m_step; }
    bool atEnd() const override { return m_step >= stepCount(); }
    /// The last step; the states are 0 .. stepCount().
    virtual int stepCount() const = 0;

protected:
    /// For a session made from another at its step (e.g. a branch after a user's edit).
    void setCurrentStep(int step) { m_step = step; }

private:
    int m_step = 0;
};

} // namespace conceptlab

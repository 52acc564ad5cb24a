// The contract between the ConceptLab shell and a concept module: a headless run,
// a live view, and the parameters both take. Keep it small; version the IID on change.
#pragma once

#include "conceptlabsdk_export.h"
#include "figure.h"
#include "parameterschema.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <QtPlugin>

#include "backgroundjob.h"
#include "session.h"
#include "workcontrol.h"

#include <functional>
#include <memory>

namespace conceptlab {

/// A table of results: the header names columns, each row has as many cells.
struct CONCEPTLAB_SDK_EXPORT ResultTable {
    QStringList header;
    QList<QStringList> rows;

    /// RFC 4180 CSV, "\n" line ends, cells quoted where needed.
    QByteArray toCsv() const;
    /// The same cells, from a core's table.
    static ResultTable fromTable(const Table &table);
};

/// What a headless run produces.
struct CONCEPTLAB_SDK_EXPORT RunResult {
    QJsonObject data; ///< the documented result keys (`sim --json`, `export --out x.json`)
    QString summary; ///< a few human-readable lines (`sim` without --json)
    ResultTable table; ///< one row per item (`export --out x.csv`); may be empty
    QString error; ///< non-empty: bad input (with its position); exit status 2
    bool cancelled = false;

    static RunResult failure(const QString &message);
};

/// The live simulation UI of a module. The simulation itself is a core Session: the view
/// builds one from its parameters (off the GUI thread), forwards playback to it, and draws
/// its snapshot after every change. The shell drives it with playback commands and new
/// parameters; headless export hands it a session already stepped (showSession).
class CONCEPTLAB_SDK_EXPORT ConceptView : public QWidget {
    Q_OBJECT
public:
    explicit ConceptView(QWidget *parent = nullptr);
    ~ConceptView() override;

    /// New parameters (complete and valid): the view builds a new session from them, with
    /// buildSession(), and shows it at step 0 when it is ready.
    virtual void setParameters(const ParameterValues &values) = 0;
    /// Shows a session built elsewhere, at the step it is at, and drops any session being built.
    void showSession(std::unique_ptr<Session> session);
    /// The session shown; null while the first one is being built or after an input error.
    Session *session() const { return m_session.get(); }

    /// Playback, forwarded to the session; each change redraws and emits stateChanged().
    void reset();
    void stepForward();
    /// Resets and steps the session `step` times, drawing once at the end (as headless export
    /// does), so a lesson or scenario at step 1000 opens at once. Returns the steps taken:
    /// fewer than `step` when the simulation ends first.
    int stepTo(int step);
    void stepBackward();
    bool canStepBackward() const { return m_session && m_session->currentStep() > 0; }
    bool atEnd() const { return !m_session || m_session->atEnd(); }
    int currentStep() const { return m_session ? m_session->currentStep() : 0; }
    /// A session is being built or the view has other background work (isWorking());
    /// headless export waits for this to become false before drawing.
    bool isBusy() const { return m_builder.isRunning() || isWorking(); }
    /// One line for the status bar; by default the session's status text.
    virtual QString statusText() const;
    /// Why the current parameters cannot be simulated (a malformed term or program, an
    /// unreadable trace, ...), with its position; empty when they can. The view shows it too;
    /// headless export refuses to draw a picture of it.
    QString inputError() const { return m_inputError; }
    /// The session's current state as a table (`export --out x.csv`).
    ResultTable currentTable() const;
    /// Marks a lesson highlight target (see Session::highlightTargets); empty clears it.
    virtual void setHighlight(const QString &target) { Q_UNUSED(target) }
    /// The last step of the session shown when the view knows it without stepping (an
    /// IndexedSession), else -1.
    int knownLastStep() const;

    /// Paints the figure of the current state (File > Export, `conceptlab export`) into `rect`:
    /// the module's title and figureSubtitle(), the view's pictures and legends
    /// (paintFigureBody()), and the step. Everything is drawn through `painter`, never grabbed
    /// from widgets, so a PNG, an SVG and a PDF of it are the same figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureCaption &caption);
    /// The figure's second title line: the state, e.g. the main parameters. By default the
    /// status text.
    virtual QString figureSubtitle() const;

Q_SIGNALS:
    /// The state changed (a step, a reset, a new session, background work finished): the
    /// shell refreshes its playback bar and status line.
    void stateChanged();
    /// The view changed a parameter through its own controls (e.g. its code editor);
    /// the shell updates its panel and saved settings.
    void parameterEdited(const QString &key, const QVariant &value);

protected:
    using SessionFactory = std::function<std::unique_ptr<Session>(const WorkControl &)>;
    /// Builds a session off the GUI thread; the newest request wins. When it is ready it
    /// replaces the shown one and showSnapshot() runs; an InputError (or any other
    /// exception) becomes inputError() and the session is dropped.
    void buildSession(SessionFactory factory);
    /// Draw the current session (session() may be null: draw the empty or error state).
    /// Called after a new session arrives, after every step and reset, and after an error.
    virtual void showSnapshot() = 0;
    /// The pictures and legends of the current state, into `rect` (the figure without its
    /// title and step line), sized by `style`, without interactive controls. By default the
    /// view's widgets as they are on screen, scaled into `rect`: a module should draw its own.
    virtual void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style);
    /// Other background work of the view (e.g. a comparison chart being computed).
    virtual bool isWorking() const { return false; }
    /// An input error the view found itself (e.g. while the user types); empty clears it.
    void setInputError(const QString &message);
    /// Progress of session building, for a progress bar.
    BackgroundJob &sessionBuilder() { return m_builder; }

private:
    void sessionChanged();

    std::unique_ptr<Session> m_session;
    BackgroundJob m_builder;
    QString m_inputError;
};

/// A concept module: the plugin's root object implements this.
class CONCEPTLAB_SDK_EXPORT ConceptModule {
public:
    virtual ~ConceptModule() = default;
    /// The parameters, with defaults, ranges and units.
    virtual ParameterSchema parameters() const = 0;
    /// A session at step 0 for complete, valid values; may be slow and run on any thread.
    /// Throws InputError when the values cannot be simulated, Cancelled when cancelled.
    virtual std::unique_ptr<Session> createSession(const ParameterValues &values, const WorkControl &control) = 0;
    /// A new live view; the caller owns it (through Qt parenting).
    virtual ConceptView *createView(QWidget *parent) = 0;
    /// Runs the simulation to completion with complete, valid values; may run on any thread.
    virtual RunResult run(const ParameterValues &values, const WorkControl &control) = 0;
    /// The values to show beside `values` when the user compares side by side: the one
    /// change that teaches most (static against continuous batching, applicative against
    /// normal order). By default the same values, for the user to change.
    virtual ParameterValues compareVariant(const ParameterValues &values) const { return values; }
    /// The documented result keys a lesson step may check (docs/modules/<id>.md): the keys of
    /// run()'s data, and "at_step.<key>" for those of stepResults(). Nested keys are reached by
    /// extending a documented key ("counts.after.node4").
    virtual QStringList resultKeys() const { return {}; }
    /// The state `session` shows at its current step, as the object a lesson's "at_step.<key>"
    /// checks read (the shell adds "step", "at_end" and "status"). `session` was made by
    /// createSession().
    virtual QJsonObject stepResults(const Session &session) const
    {
        Q_UNUSED(session)
        return {};
    }
};

} // namespace conceptlab

#define ConceptModule_iid "org.conceptlab.ConceptModule/3"
Q_DECLARE_INTERFACE(conceptlab::ConceptModule, ConceptModule_iid)

// The contract between the ConceptLab shell and a concept module: a headless run,
// a live view, and the parameters both take. Keep it small; version the IID on change.
#pragma once

#include "conceptlabsdk_export.h"
#include "parameterschema.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <QtPlugin>

#include <atomic>
#include <functional>

namespace conceptlab {

/// Progress and cancellation for long work. Cores take a plain callback made from it
/// (see asCallback) so they stay free of Qt.
class CONCEPTLAB_SDK_EXPORT Progress {
public:
    virtual ~Progress() = default;
    /// fraction in [0, 1]; message may be empty. Called from the working thread.
    virtual void report(double fraction, const QString &message = {}) const;
    virtual bool isCancelled() const;
};

/// A Progress that can be cancelled from another thread.
class CONCEPTLAB_SDK_EXPORT CancellableProgress : public Progress {
public:
    using Reporter = std::function<void(double fraction, const QString &message)>;
    explicit CancellableProgress(Reporter reporter = {});
    void report(double fraction, const QString &message = {}) const override;
    bool isCancelled() const override;
    void cancel();

private:
    Reporter m_reporter;
    std::atomic<bool> m_cancelled { false };
};

/// A table of results: the header names columns, each row has as many cells.
struct CONCEPTLAB_SDK_EXPORT ResultTable {
    QStringList header;
    QList<QStringList> rows;

    /// RFC 4180 CSV, "\n" line ends, cells quoted where needed.
    QByteArray toCsv() const;
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

/// The live simulation UI of a module. The shell drives it with playback commands
/// (from its playback bar and the keyboard) and parameter changes; the view owns
/// the simulation state, steps it, and draws snapshots of it.
class CONCEPTLAB_SDK_EXPORT ConceptView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    /// New parameters (complete and valid): the simulation restarts from step 0 with them.
    virtual void setParameters(const ParameterValues &values) = 0;
    /// Back to step 0 with the current parameters.
    virtual void reset() = 0;
    /// Advance one step. Must be cheap enough for the GUI thread, or hand work to a worker.
    virtual void stepForward() = 0;
    /// Go back one step, where canStepBackward().
    virtual void stepBackward() { }
    virtual bool canStepBackward() const { return false; }
    /// No further step is possible.
    virtual bool atEnd() const = 0;
    /// Steps taken since reset.
    virtual int currentStep() const = 0;
    /// Background work (e.g. a worker thread computing a run) is still in progress;
    /// headless export waits for this to become false before drawing.
    virtual bool isBusy() const { return false; }
    /// One line for the status bar, e.g. "step 12 · 3 keys moved".
    virtual QString statusText() const { return {}; }
    /// Tabular data of the current state for `export --out x.csv`; empty if none.
    virtual ResultTable currentTable() const { return {}; }
    /// Why the current parameters cannot be simulated (a malformed term or program, an
    /// unreadable trace, ...), with its position; empty when they can. The view shows it too;
    /// headless export refuses to draw a picture of it.
    virtual QString inputError() const { return {}; }

Q_SIGNALS:
    /// The state changed (a step, a reset, background work finished): the shell
    /// refreshes its playback bar and status line.
    void stateChanged();
    /// The view changed a parameter through its own controls (e.g. its code editor);
    /// the shell updates its panel and saved settings.
    void parameterEdited(const QString &key, const QVariant &value);
};

/// A concept module: the plugin's root object implements this.
class CONCEPTLAB_SDK_EXPORT ConceptModule {
public:
    virtual ~ConceptModule() = default;
    /// The parameters, with defaults, ranges and units.
    virtual ParameterSchema parameters() const = 0;
    /// A new live view; the caller owns it (through Qt parenting).
    virtual ConceptView *createView(QWidget *parent) = 0;
    /// Runs the simulation to completion with complete, valid values; may run on any thread.
    virtual RunResult run(const ParameterValues &values, const Progress &progress) = 0;
};

} // namespace conceptlab

#define ConceptModule_iid "org.conceptlab.ConceptModule/1"
Q_DECLARE_INTERFACE(conceptlab::ConceptModule, ConceptModule_iid)

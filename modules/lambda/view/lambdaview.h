// The live view: the term editor, the current term with its next redex coloured, the
// history of steps (click to rewind), the syntax tree, the Tromp diagram, the decoded
// value and prelude name, and a side-by-side strategy comparison run off the GUI thread.
#pragma once

#include "conceptmodule.h"
#include "core/evaluation.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QTimer>

#include <atomic>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace conceptlab {
class CodeEditor;
}

namespace conceptlab::lambda {

class TreeWidget;
class DiagramWidget;

class LambdaView : public conceptlab::ConceptView {
    Q_OBJECT
public:
    LambdaView(const conceptlab::ParameterSchema &schema, QWidget *parent = nullptr);
    ~LambdaView() override;

    void setParameters(const conceptlab::ParameterValues &values) override;
    void reset() override;
    void stepForward() override;
    void stepBackward() override;
    bool canStepBackward() const override { return m_cursor > 0; }
    bool atEnd() const override;
    int currentStep() const override { return m_cursor; }
    bool isBusy() const override;
    QString statusText() const override;
    QString inputError() const override { return m_loadError; }
    conceptlab::ResultTable currentTable() const override;

private:
    /// What a background run computes: one or two strategies on the same term.
    struct Comparison {
        Outcome first;
        Outcome second;
        bool two = false;
    };

    Settings settings() const;
    void reload();
    void show(bool animate);
    void syncHistory();
    void editorChanged();
    void startBackground(bool compare);
    void backgroundFinished();
    void cancelBackground();

    conceptlab::ParameterSchema m_schema;
    conceptlab::ParameterValues m_values;
    Session m_session;
    int m_cursor = 0;
    QString m_loadError;

    conceptlab::CodeEditor *m_editor = nullptr;
    conceptlab::CodeEditor *m_current = nullptr;
    QCheckBox *m_deBruijn = nullptr;
    QLabel *m_explanation = nullptr;
    QLabel *m_result = nullptr;
    TreeWidget *m_tree = nullptr;
    DiagramWidget *m_diagram = nullptr;
    QListWidget *m_history = nullptr;
    QComboBox *m_strategyA = nullptr;
    QComboBox *m_strategyB = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_runToEnd = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_comparison = nullptr;
    QTimer m_editTimer;
    QTimer m_pollTimer;

    QThreadPool m_pool;
    QFutureWatcher<Comparison> m_watcher;
    std::atomic<std::uint64_t> m_workerSteps { 0 };
    std::atomic<bool> m_workerCancel { false };
    std::uint64_t m_workerMaxSteps = 1;
    bool m_backgroundRunning = false;
};

} // namespace conceptlab::lambda

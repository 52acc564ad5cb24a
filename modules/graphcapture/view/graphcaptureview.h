// The live view: the program in a code editor, the traced graph growing op by op as the
// playback steps (the source line of each op highlighted), the scripted graph with If/Loop
// bodies as nested containers, and warnings and outputs panels.
#pragma once

#include "conceptmodule.h"

#include <QFutureWatcher>
#include <QTimer>

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;

namespace conceptlab {
class CodeEditor;
class GraphView;
} // namespace conceptlab

namespace conceptlab::graphcapture {

struct Analysis;

class GraphCaptureView : public ConceptView {
    Q_OBJECT
public:
    explicit GraphCaptureView(QWidget *parent = nullptr);
    ~GraphCaptureView() override;

    void setParameters(const ParameterValues &values) override;
    void reset() override;
    void stepForward() override;
    void stepBackward() override;
    bool canStepBackward() const override { return m_step > 0; }
    bool atEnd() const override;
    int currentStep() const override { return m_step; }
    bool isBusy() const override { return m_watcher.isRunning() || m_pending; }
    QString statusText() const override;
    QString inputError() const override;
    ResultTable currentTable() const override;

private:
    void analyse();
    void analysisFinished();
    void showStep();
    void showScriptGraph();
    void showPanels();
    void programEdited();

    CodeEditor *m_editor;
    QComboBox *m_examples;
    GraphView *m_traceView;
    GraphView *m_scriptView;
    QLabel *m_traceTitle;
    QLabel *m_scriptTitle;
    QTabWidget *m_panels;
    QPlainTextEdit *m_warnings;
    QPlainTextEdit *m_outputs;
    QTimer m_editTimer;
    QFutureWatcher<std::shared_ptr<Analysis>> m_watcher;
    std::shared_ptr<Analysis> m_analysis;
    ParameterValues m_values;
    bool m_pending = false;
    bool m_settingText = false;
    int m_step = 0;
};

} // namespace conceptlab::graphcapture

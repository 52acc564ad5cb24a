// The live view: the term editor, the current term with its next redex coloured, the
// history of steps (click to rewind), the syntax tree, the Tromp diagram, the decoded
// value and prelude name, and a side-by-side strategy comparison run off the GUI thread.
// All reduction state lives in the core's ReductionSession; the view draws its snapshot.
#pragma once

#include "conceptmodule.h"
#include "core/evaluation.h"

#include <QTimer>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QScrollArea;

namespace conceptlab {
class CodeEditor;
}

namespace conceptlab::lambda {

class DiagramWidget;
class ReductionSession;
class TreeWidget;

class LambdaView : public conceptlab::ConceptView {
    Q_OBJECT
public:
    /// A view of the default parameters of `schema`; it starts building their session.
    explicit LambdaView(const conceptlab::ParameterSchema &schema, QWidget *parent = nullptr);
    ~LambdaView() override;

    /// Shows `values` in the editor and strategy pickers and builds a new session from them.
    void setParameters(const conceptlab::ParameterValues &values) override;
    /// "step 3 · normal order · = 5"; the input error when the term does not parse.
    QString statusText() const override;
    /// "redex" or "binder:<name>" (see docs/modules/lambda.md); empty clears it.
    void setHighlight(const QString &target) override;

    /// The strategy and the input term.
    QString figureSubtitle() const override;

protected:
    void showSnapshot() override;
    bool isWorking() const override;
    /// The input and the current term (its redex coloured), the explanation and the value,
    /// the syntax tree and the diagram, and the steps so far.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;

private:
    QWidget *createTermPane();
    QWidget *createSidePane();
    QWidget *createPictures();
    void connectControls();
    ReductionSession *reductionSession() const;
    void showSettings(const Settings &settings);
    void showValues();
    void rebuild();
    void editorChanged();
    void showEmpty();
    void showTerm(const ReductionSession &session);
    void showExplanation(const ReductionSession &session);
    void syncHistory(const ReductionSession &session);
    void startComparison();
    void runToEnd();
    void strategyChosen();
    void applyResultTone();
    void scrollToRedex();
    void rebuildSide();
    void syncSide();
    void showSide();
    void showComparison(const Comparison &comparison);
    void backgroundRunningChanged(bool running);

    conceptlab::ParameterSchema m_schema;
    conceptlab::ParameterValues m_values;
    QString m_highlight;
    // What was drawn last, to cross-fade the tree only on a step forward.
    const conceptlab::Session *m_drawnSession = nullptr;
    int m_drawnStep = -1;

    conceptlab::CodeEditor *m_editor = nullptr;
    conceptlab::CodeEditor *m_current = nullptr;
    QComboBox *m_examples = nullptr;
    QCheckBox *m_deBruijn = nullptr;
    QLabel *m_explanation = nullptr;
    conceptlab::CodeEditor *m_side = nullptr;
    QLabel *m_sideState = nullptr;
    QLabel *m_result = nullptr;
    TreeWidget *m_tree = nullptr;
    QScrollArea *m_treeScroll = nullptr;
    QScrollArea *m_diagramScroll = nullptr;
    DiagramWidget *m_diagram = nullptr;
    QListWidget *m_history = nullptr;
    QComboBox *m_strategyA = nullptr;
    QComboBox *m_strategyB = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_runToEnd = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_comparison = nullptr;
    // How loud the decoded value is: quiet at step 0 and while there is none.
    enum class ResultTone { Quiet, Value, Final };
    ResultTone m_resultTone = ResultTone::Quiet;
    QTimer m_editTimer;
    conceptlab::BackgroundJob m_job;
    // The strategy beside the session's: its own session, stepped to the same step.
    std::unique_ptr<ReductionSession> m_sideSession;
    conceptlab::BackgroundJob m_sideJob;
};

} // namespace conceptlab::lambda

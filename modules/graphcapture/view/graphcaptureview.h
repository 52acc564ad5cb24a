// The live view: the program in a code editor, the traced graph growing op by op as the
// session steps (the source line of each op highlighted), the scripted graph with If/Loop
// bodies as nested containers, and warnings and outputs panels.
#pragma once

#include "conceptmodule.h"

#include <QStringList>
#include <QTimer>

#include <map>
#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;
class QTextBrowser;

namespace conceptlab {
class CodeEditor;
class GraphView;
} // namespace conceptlab

namespace conceptlab::graphcapture {

struct Analysis;
struct IrNode;
struct GraphCaptureSnapshot;

class GraphCaptureView : public ConceptView {
    Q_OBJECT
public:
    explicit GraphCaptureView(QWidget *parent = nullptr);

    /// Shows the program the values name and builds its session.
    void setParameters(const ParameterValues &values) override;
    /// "analysing…" while a session is built, else the session's status.
    QString statusText() const override;
    /// "line:<n>" marks a source line and the nodes recorded from it; "node:<name>" the
    /// nodes that produce that value; "" clears.
    void setHighlight(const QString &target) override;

    /// The entry function's signature and its example inputs.
    QString figureSubtitle() const override;
    /// The smallest node text a figure draws, pixels: a larger graph is cut, never shrunk below it.
    static double minimumGraphTextPx(const FigureStyle &style);

protected:
    void showSnapshot() override;
    /// The program (current line marked), the traced and scripted graphs, the compiled graphs
    /// and the outputs, with a legend.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;

    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Names the parts, fills the examples menu, styles the field error banner.
    void nameParts();
    QWidget *compiledColumn();
    void linkSourceAndGraphs();
    void rebuild();
    void programEdited();
    /// Shows the example's program and sets the example, program and input parameters to it.
    void chooseExample(const QString &name);
    /// The examples menu shows the example the parameters name (its first entry for custom).
    void showExampleChoice();
    /// The banner over the graphs naming a malformed input field; empty hides it.
    void showFieldError(const QString &message);
    void drawSnapshot(const GraphCaptureSnapshot &snapshot);
    void showError();
    void showScriptRefusal();
    void showTrace(const GraphCaptureSnapshot &snapshot);
    void showScriptGraph(const Analysis &analysis);
    void showPanels(const Analysis &analysis);
    void showCompiled(const GraphCaptureSnapshot &snapshot);
    void showCompiledTables(const Analysis &analysis);
    void applyHighlight();
    /// The source line a pointer over `graph` (a point of its viewport) stands on; 0 for none.
    int lineAt(const GraphView *graph, const QPoint &pos) const;
    /// The properties of the node under `pos` of `graph` in the Node tab (Netron's side panel).
    void showNodeProperties(const GraphView *graph, const QPoint &pos);
    void paintCompiledFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;
    /// A graph of the figure, at least minimumGraphTextPx() high, cut around node `focus` (-1: its top).
    static void paintGraphFigure(
        QPainter &painter, const GraphView &graph, const QRectF &rect, const FigureStyle &style, int focus);

    CodeEditor *m_editor;
    QComboBox *m_examples;
    GraphView *m_traceView;
    GraphView *m_scriptView;
    QLabel *m_traceTitle;
    QLabel *m_scriptTitle;
    QLabel *m_compiledTitle;
    QLabel *m_fieldError; ///< a malformed input field: its error and position
    QTabWidget *m_compiledTabs;
    QTextBrowser *m_compiledGraphs; ///< the FX graphs, breaks between them, kernels as colours
    QTableWidget *m_calls;
    QTableWidget *m_kernels;
    int m_compileShown = -1; ///< events drawn (to keep the scroll position while nothing changes)
    QTabWidget *m_panels;
    QPlainTextEdit *m_warnings;
    QPlainTextEdit *m_outputs;
    QTextBrowser *m_nodeInfo; ///< the clicked node's properties
    // Which drawn node came from which source line and produces which value names.
    struct NodeIndex {
        std::map<int, int> lineOf;
        std::map<int, QStringList> namesOf;
        std::map<int, const IrNode *> nodeOf; ///< of the analysis shown (m_lastGood keeps it)
        std::map<int, QString> notes; ///< drawn marks that are no IR node: what they mean
    };

    QTimer m_editTimer;
    NodeIndex m_traceIndex; ///< of the trace as drawn
    NodeIndex m_scriptIndex; ///< of the script graph as drawn
    int m_current = -1; ///< drawn trace node of the current op; -1: none
    int m_currentLine = 0; ///< source line of the current op; 0: none
    int m_selectedLine = 0; ///< the source line clicked in a graph or the editor; 0: none
    int m_hoverLine = 0; ///< the source line under the pointer; 0: none
    QPoint m_pressAt; ///< where a button went down on a graph (a click does not drag)
    ParameterValues m_values; ///< the parameters last given or edited (input, not state)
    QString m_syntaxError; ///< the input field whose JSON does not parse, with the error; "" if none
    QString m_scriptRefusal; ///< why scripting refused (wrapped to the graph's width); "" if scripted
    std::shared_ptr<const Analysis> m_lastGood; ///< shown while a half-typed input does not parse
    int m_lastGoodStep = 0; ///< the step it was shown at
    QString m_highlight; ///< the lesson highlight target shown
    bool m_settingText = false;
};

} // namespace conceptlab::graphcapture

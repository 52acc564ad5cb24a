// The live view: the program in a code editor, the traced graph growing op by op as the
// session steps (the source line of each op highlighted), the scripted graph with If/Loop
// bodies as nested containers, and warnings and outputs panels.
#pragma once

#include "conceptmodule.h"

#include <QStringList>
#include <QTimer>

#include <map>

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

protected:
    void showSnapshot() override;
    /// The program (current line marked), the traced and scripted graphs, the compiled graphs
    /// and the outputs, with a legend.
    void paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style) override;

private:
    void rebuild();
    void programEdited();
    void showError();
    void showTrace(const GraphCaptureSnapshot &snapshot);
    void showScriptGraph(const Analysis &analysis);
    void showPanels(const Analysis &analysis);
    void showCompiled(const GraphCaptureSnapshot &snapshot);
    void showCompiledTables(const Analysis &analysis);
    void applyHighlight();
    void paintCompiledFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

    CodeEditor *m_editor;
    QComboBox *m_examples;
    GraphView *m_traceView;
    GraphView *m_scriptView;
    QLabel *m_traceTitle;
    QLabel *m_scriptTitle;
    QLabel *m_compiledTitle;
    QTabWidget *m_compiledTabs;
    QTextBrowser *m_compiledGraphs; ///< the FX graphs, breaks between them, kernels as colours
    QTableWidget *m_calls;
    QTableWidget *m_kernels;
    int m_compileShown = -1; ///< events drawn (to keep the scroll position while nothing changes)
    QTabWidget *m_panels;
    QPlainTextEdit *m_warnings;
    QPlainTextEdit *m_outputs;
    // Which drawn node came from which source line and produces which value names.
    struct NodeIndex {
        std::map<int, int> lineOf;
        std::map<int, QStringList> namesOf;
    };

    QTimer m_editTimer;
    NodeIndex m_traceIndex; ///< of the trace as drawn
    NodeIndex m_scriptIndex; ///< of the script graph as drawn
    int m_current = -1; ///< drawn trace node of the current op; -1: none
    int m_currentLine = 0; ///< source line of the current op; 0: none
    ParameterValues m_values; ///< the parameters last given or edited (input, not state)
    QString m_highlight; ///< the lesson highlight target shown
    bool m_settingText = false;
};

} // namespace conceptlab::graphcapture

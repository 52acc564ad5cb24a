// A source editor for programs and terms: monospace text, line numbers, an error
// marker (wavy underline plus a gutter mark and tool tip) and highlighted ranges.
// Syntax colouring comes from a QSyntaxHighlighter the module attaches to document().
#pragma once

#include "conceptlabsdk_export.h"
#include "figure.h"

#include <QColor>
#include <QPlainTextEdit>

namespace conceptlab {

class CONCEPTLAB_SDK_EXPORT CodeEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit CodeEditor(QWidget *parent = nullptr);

    /// Marks an error at a 1-based line and column (length characters, at least one).
    void setError(int line, int column, int length, const QString &message);
    void clearError();

    /// Highlights characters [start, start + length) of the document with a background colour;
    /// several ranges may be shown at once (e.g. the redex's function and argument).
    void addHighlight(int start, int length, const QColor &background);
    /// Highlights a whole 1-based line (e.g. the line being executed).
    void highlightLine(int line, const QColor &background);
    void clearHighlights();

    /// The code's size relative to the application font (1 by default); it follows the
    /// application font, so presenter mode enlarges the code with everything else.
    void setCodeScale(qreal scale);

    int lineNumberAreaWidth() const;
    /// The highlighted ranges and the error, as marks of a figure (figure::drawCode).
    QList<CodeMark> figureMarks() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent *event);
    void updateLineNumberArea(const QRect &rect, int dy);
    void applySelections();
    void applyCodeFont();

    QWidget *m_lineNumberArea;
    qreal m_codeScale = 1.0;
    QList<QTextEdit::ExtraSelection> m_highlights;
    int m_errorLine = 0;
    int m_errorColumn = 0;
    int m_errorLength = 0;
    QString m_errorMessage;
};

} // namespace conceptlab

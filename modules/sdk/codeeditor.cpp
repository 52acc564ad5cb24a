// CodeEditor: line numbers in a gutter, error marks and highlighted ranges.
#include "codeeditor.h"

#include "viewfonts.h"

#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace conceptlab {

class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
    }
    QSize sizeHint() const override { return { m_editor->lineNumberAreaWidth(), 0 }; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    CodeEditor *m_editor;
};

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_lineNumberArea(new LineNumberArea(this))
{
    setLineWrapMode(QPlainTextEdit::NoWrap);
    // Monospace, following the application font (presenter mode enlarges it).
    onApplicationFontChange(this, [this] { applyCodeFont(); });
    connect(
        this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateLineNumberArea);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeEditor::setCodeScale(qreal scale)
{
    m_codeScale = scale;
    applyCodeFont();
}

void CodeEditor::applyCodeFont()
{
    const QFont font = styledFont({ .scale = m_codeScale, .fixedPitch = true });
    setFont(font);
    setTabStopDistance(QFontMetricsF(font).horizontalAdvance(QLatin1Char(' ')) * 4);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

QList<CodeMark> CodeEditor::figureMarks() const
{
    QList<CodeMark> marks;
    for (const QTextEdit::ExtraSelection &selection : extraSelections()) {
        if (!selection.format.hasProperty(QTextFormat::BackgroundBrush))
            continue;
        const QColor background = selection.format.background().color();
        if (selection.format.boolProperty(QTextFormat::FullWidthSelection)) {
            const QTextBlock block = selection.cursor.block();
            marks.append(
                { block.position(), static_cast<int>(std::max<qsizetype>(1, block.text().size())), background });
        } else if (selection.cursor.hasSelection()) {
            marks.append({ selection.cursor.selectionStart(),
                selection.cursor.selectionEnd() - selection.cursor.selectionStart(), background });
        }
    }
    return marks;
}

int CodeEditor::lineNumberAreaWidth() const
{
    int digits = 2;
    for (int max = std::max(1, blockCount()); max >= 100; max /= 10)
        ++digits;
    return 14 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy != 0)
        m_lineNumberArea->scroll(0, dy);
    else
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_lineNumberArea->setGeometry(QRect(area.left(), area.top(), lineNumberAreaWidth(), area.height()));
}

void CodeEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_lineNumberArea);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int line = block.blockNumber() + 1;
        if (block.isVisible() && bottom >= event->rect().top()) {
            if (line == m_errorLine) {
                painter.setBrush(QColor(0xd6, 0x33, 0x2f));
                painter.setPen(Qt::NoPen);
                const int size = fontMetrics().height() / 2;
                painter.drawEllipse(QRect(3, top + (fontMetrics().height() - size) / 2, size, size));
            }
            painter.setPen(line == m_errorLine ? QColor(0xd6, 0x33, 0x2f) : pal.color(QPalette::PlaceholderText));
            painter.drawText(
                0, top, m_lineNumberArea->width() - 5, fontMetrics().height(), Qt::AlignRight, QString::number(line));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void CodeEditor::setError(int line, int column, int length, const QString &message)
{
    m_errorLine = line;
    m_errorColumn = column;
    m_errorLength = std::max(1, length);
    m_errorMessage = message;
    applySelections();
    m_lineNumberArea->update();
}

void CodeEditor::clearError()
{
    m_errorLine = 0;
    m_errorMessage.clear();
    applySelections();
    m_lineNumberArea->update();
}

void CodeEditor::addHighlight(int start, int length, const QColor &background)
{
    QTextEdit::ExtraSelection selection;
    selection.cursor = QTextCursor(document());
    selection.cursor.setPosition(start);
    selection.cursor.setPosition(start + length, QTextCursor::KeepAnchor);
    selection.format.setBackground(background);
    m_highlights.append(selection);
    applySelections();
}

void CodeEditor::highlightLine(int line, const QColor &background)
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextEdit::ExtraSelection selection;
    selection.cursor = QTextCursor(block);
    selection.format.setBackground(background);
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    m_highlights.append(selection);
    applySelections();
}

void CodeEditor::clearHighlights()
{
    m_highlights.clear();
    applySelections();
}

void CodeEditor::applySelections()
{
    QList<QTextEdit::ExtraSelection> selections = m_highlights;
    const QTextBlock block = document()->findBlockByNumber(m_errorLine - 1);
    if (m_errorLine > 0 && block.isValid()) {
        QTextEdit::ExtraSelection error;
        error.cursor = QTextCursor(block);
        const int start = std::clamp(m_errorColumn - 1, 0, std::max(0, block.length() - 1));
        error.cursor.setPosition(block.position() + start);
        const int end = std::min(block.position() + start + m_errorLength, block.position() + block.length() - 1);
        error.cursor.setPosition(std::max(end, block.position() + start), QTextCursor::KeepAnchor);
        if (!error.cursor.hasSelection()) // error at the end of a line: mark the line instead
            error.format.setProperty(QTextFormat::FullWidthSelection, true);
        error.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        error.format.setUnderlineColor(QColor(0xd6, 0x33, 0x2f));
        error.format.setBackground(QColor(0xd6, 0x33, 0x2f, 40));
        selections.append(error);
    }
    setExtraSelections(selections);
}

bool CodeEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_errorLine > 0) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QTextCursor cursor = cursorForPosition(viewport()->mapFromGlobal(help->globalPos()));
        if (cursor.blockNumber() + 1 == m_errorLine) {
            QToolTip::showText(help->globalPos(), m_errorMessage, this);
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

} // namespace conceptlab

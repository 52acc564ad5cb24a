// LambdaHighlighter: a small hand-written scanner over one line.
#include "lambdahighlighter.h"

namespace conceptlab::lambda {

LambdaHighlighter::LambdaHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    m_lambda.setForeground(QColor(0x8e, 0x24, 0xaa));
    m_lambda.setFontWeight(QFont::Bold);
    m_binder.setForeground(QColor(0x1a, 0x5f, 0xb4));
    m_name.setForeground(QColor(0x0b, 0x7a, 0x3b));
    m_name.setFontWeight(QFont::DemiBold);
    m_numeral.setForeground(QColor(0xb5, 0x4a, 0x00));
    m_keyword.setForeground(QColor(0x8e, 0x24, 0xaa));
    m_keyword.setFontWeight(QFont::Bold);
    m_comment.setForeground(QColor(0x80, 0x80, 0x80));
    m_comment.setFontItalic(true);
    m_paren.setForeground(QColor(0x60, 0x60, 0x60));
}

void LambdaHighlighter::highlightBlock(const QString &text)
{
    bool inBinders = false;
    int i = 0;
    const int n = static_cast<int>(text.size());
    auto identChar = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('\''); };
    while (i < n) {
        const QChar c = text[i];
        if (c == QLatin1Char('-') && i + 1 < n && text[i + 1] == QLatin1Char('-')) {
            setFormat(i, n - i, m_comment);
            return;
        }
        if (c == QChar(0x03BB) || c == QLatin1Char('\\')) {
            setFormat(i, 1, m_lambda);
            inBinders = true;
            ++i;
            continue;
        }
        if (c == QLatin1Char('.')) {
            setFormat(i, 1, m_lambda);
            inBinders = false;
            ++i;
            continue;
        }
        if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            setFormat(i, 1, m_paren);
            ++i;
            continue;
        }
        if (c.isDigit()) {
            int j = i;
            while (j < n && text[j].isDigit())
                ++j;
            setFormat(i, j - i, m_numeral);
            i = j;
            continue;
        }
        if (c.isLetter() || c == QLatin1Char('_')) {
            int j = i;
            while (j < n && identChar(text[j]))
                ++j;
            const QString word = text.mid(i, j - i);
            if (word == QLatin1String("let"))
                setFormat(i, j - i, m_keyword);
            else if (inBinders)
                setFormat(i, j - i, m_binder);
            else if (word.size() > 0 && (word[0].isUpper() || word[0] == QChar(0x03A9)))
                setFormat(i, j - i, m_name);
            i = j;
            continue;
        }
        ++i;
    }
}

} // namespace conceptlab::lambda

// PythonHighlighter rules.
#include "pythonhighlighter.h"

namespace conceptlab::graphcapture {

PythonHighlighter::PythonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    auto format = [](const QColor &colour, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(colour);
        if (bold)
            f.setFontWeight(QFont::Bold);
        f.setFontItalic(italic);
        return f;
    };
    m_rules.append({ QRegularExpression(QStringLiteral(
                         "\\b(def|return|if|elif|else|for|while|in|and|or|not|try|except|lambda|pass|break|continue|"
                         "import|from|as|True|False|None)\\b")),
        format(QColor(0x7a, 0x2e, 0x9e), true) });
    m_rules.append({ QRegularExpression(QStringLiteral("\\b(torch|range|len|float|int|bool|print|Tensor|List)\\b")),
        format(QColor(0x1b, 0x6a, 0xa5)) });
    m_rules.append({ QRegularExpression(QStringLiteral("\\b[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?\\b")),
        format(QColor(0xb3, 0x5a, 0x00)) });
    m_rules.append({ QRegularExpression(QStringLiteral("\"[^\"]*\"|'[^']*'")), format(QColor(0x2e, 0x7d, 0x32)) });
    m_rules.append({ QRegularExpression(QStringLiteral("#[^\n]*")), format(QColor(0x80, 0x80, 0x80), false, true) });
}

void PythonHighlighter::highlightBlock(const QString &text)
{
    for (const auto &rule : m_rules) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto match = it.next();
            setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()), rule.format);
        }
    }
}

} // namespace conceptlab::graphcapture

// Syntax colouring for λ-terms: binders, definitions, numerals, keywords and comments.
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace conceptlab::lambda {

class LambdaHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit LambdaHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_lambda;
    QTextCharFormat m_binder;
    QTextCharFormat m_name;
    QTextCharFormat m_numeral;
    QTextCharFormat m_keyword;
    QTextCharFormat m_comment;
    QTextCharFormat m_paren;
};

} // namespace conceptlab::lambda

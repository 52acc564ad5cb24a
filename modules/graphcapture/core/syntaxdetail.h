// Internals of the Python-subset front end shared by the lexer and the parser: the
// positioned failure, the keyword set and the recursive-descent Parser (its statement
// rules live in parser.cpp, its expression rules in expressionparser.cpp).
#pragma once

#include "syntax.h"

#include <set>
#include <string>
#include <vector>

namespace conceptlab::graphcapture::detail {

/// Throws SourceError at line:column.
[[noreturn]] inline void fail(int line, int column, std::string message)
{
    throw SourceError { line, column, std::move(message) };
}

/// Python's keywords: never names.
inline const std::set<std::string> kKeywords
    = { "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
          "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
          "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield" };

/// Recursive descent over the tokens; every rule throws SourceError with the position.
class Parser {
public:
    explicit Parser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens))
    {
    }

    Module parseModule();

private:
    const Token &peek(std::size_t ahead = 0) const;
    const Token &advance();
    bool atKind(TokenKind k) const { return peek().kind == k; }
    bool isOp(const char *op, std::size_t ahead = 0) const;
    bool isName(const char *name) const { return peek().kind == TokenKind::Name && peek().text == name; }
    std::string describe(const Token &t) const;
    [[noreturn]] void unexpected(const std::string &expected) const;
    void expectOp(const char *op);
    std::string expectName();
    void expectNewline();
    struct DepthGuard {
        DepthGuard(Parser &p)
            : parser(p)
        {
            if (++parser.m_depth > kMaxDepth)
                fail(parser.peek().line, parser.peek().column, "program nested too deeply");
        }
        ~DepthGuard() { --parser.m_depth; }
        Parser &parser;
    };

    // import a.b [as c] (, ...)  |  from a.b import c [as d] (, ...): kept as canonical text.
    std::string parseImport();
    std::string parseAnnotation();
    FunctionDef parseDef();
    std::vector<StmtPtr> parseSuite();
    void parseStatement(std::vector<StmtPtr> &out);
    StmtPtr parseIf(bool isElif);
    void parseSimpleStatements(std::vector<StmtPtr> &out);
    StmtPtr parseSmall();
    void checkTarget(const Expr &e);
    ExprPtr parseTargetList();
    void addChild(Expr &parent, ExprPtr child);
    ExprPtr node(ExprKind kind, const Token &t);
    bool startsExpression() const;
    ExprPtr parseTestList();
    // element (, element)* with an optional trailing comma: one element, or a Tuple;
    // after a comma, another() says whether an element follows.
    ExprPtr parseTuple(ExprPtr (Parser::*element)(), bool (Parser::*another)() const);
    bool notAtIn() const { return !isName("in"); }
    ExprPtr parseTest();
    ExprPtr parseOr();
    ExprPtr parseAnd();
    // A left-associative chain of `op` (or / and) over operand().
    ExprPtr parseBoolOp(const char *op, ExprPtr (Parser::*operand)());
    ExprPtr parseNot();
    bool atComparison() const;
    ExprPtr parseComparison();
    ExprPtr parseBitwise();
    ExprPtr parseArith();
    ExprPtr parseTerm();
    ExprPtr parseFactor();
    ExprPtr parsePrimary();
    ExprPtr parseAtom();
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

} // namespace conceptlab::graphcapture::detail

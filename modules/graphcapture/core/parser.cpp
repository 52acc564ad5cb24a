// The parser's module and statement rules (def, if/for/while/try, assignments, imports).
#include "syntaxdetail.h"

#include <algorithm>

namespace conceptlab::graphcapture {

namespace detail {

    Module Parser::parseModule()
    {
        Module module;
        while (!atKind(TokenKind::End)) {
            if (atKind(TokenKind::Newline)) {
                advance();
            } else if (isName("import") || isName("from")) {
                module.imports.push_back(parseImport());
            } else if (isName("def")) {
                module.functions.push_back(parseDef());
            } else if (atKind(TokenKind::Indent)) {
                fail(peek().line, peek().column, "unexpected indent");
            } else {
                fail(peek().line, peek().column,
                    "only 'def' and 'import' statements are allowed at the top level of a program");
            }
        }
        if (module.functions.empty())
            fail(peek().line, peek().column, "the program defines no function (expected 'def name(...):')");
        return module;
    }

    const Token &Parser::peek(std::size_t ahead) const
    {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }

    const Token &Parser::advance()
    {
        const Token &t = peek();
        if (m_pos < m_tokens.size() - 1)
            ++m_pos;
        return t;
    }

    bool Parser::isOp(const char *op, std::size_t ahead) const
    {
        return peek(ahead).kind == TokenKind::Op && peek(ahead).text == op;
    }

    std::string Parser::describe(const Token &t) const
    {
        switch (t.kind) {
        case TokenKind::Newline:
            return "end of line";
        case TokenKind::Indent:
            return "indent";
        case TokenKind::Dedent:
            return "dedent";
        case TokenKind::End:
            return "end of file";
        case TokenKind::String:
            return "string literal";
        default:
            return "'" + t.text + "'";
        }
    }

    void Parser::unexpected(const std::string &expected) const
    {
        const Token &t = peek();
        if (t.kind == TokenKind::Indent)
            fail(t.line, t.column, "unexpected indent");
        fail(t.line, t.column, "expected " + expected + ", found " + describe(t));
    }

    void Parser::expectOp(const char *op)
    {
        if (!isOp(op))
            unexpected(std::string("'") + op + "'");
        advance();
    }

    std::string Parser::expectName()
    {
        if (!atKind(TokenKind::Name) || kKeywords.count(peek().text))
            unexpected("a name");
        return advance().text;
    }

    void Parser::expectNewline()
    {
        if (atKind(TokenKind::End))
            return;
        if (!atKind(TokenKind::Newline))
            unexpected("end of line");
        advance();
    }

    std::string Parser::parseImport()
    {
        auto dotted = [&] {
            std::string name = expectName();
            while (isOp(".")) {
                advance();
                name += "." + expectName();
            }
            return name;
        };
        auto alias = [&](std::string name) {
            if (isName("as")) {
                advance();
                name += " as " + expectName();
            }
            return name;
        };
        std::string text;
        if (isName("from")) {
            advance();
            text = "from " + dotted() + " import ";
            if (!isName("import"))
                unexpected("'import'");
            advance();
        } else {
            advance();
            text = "import ";
        }
        const bool from = text.rfind("from", 0) == 0;
        text += alias(from ? expectName() : dotted());
        while (isOp(",")) {
            advance();
            text += ", " + alias(from ? expectName() : dotted());
        }
        expectNewline();
        return text;
    }

    std::string Parser::parseAnnotation()
    {
        DepthGuard guard(*this);
        std::string text = expectName();
        while (isOp(".")) {
            advance();
            text += "." + expectName();
        }
        if (isOp("[")) {
            advance();
            text += "[" + parseAnnotation();
            while (isOp(",")) {
                advance();
                text += ", " + parseAnnotation();
            }
            expectOp("]");
            text += "]";
        }
        return text;
    }

    FunctionDef Parser::parseDef()
    {
        FunctionDef def;
        def.line = peek().line;
        def.column = peek().column;
        advance();
        def.name = expectName();
        expectOp("(");
        while (!isOp(")")) {
            if (isOp("*") || isOp("**")) {
                const bool kw = isOp("**");
                advance();
                const Token &t = peek();
                const std::string name = expectName();
                if (kw) {
                    def.kwargs = name;
                    def.kwargsLine = t.line;
                    def.kwargsColumn = t.column;
                } else {
                    def.varargs = name;
                    def.varargsLine = t.line;
                    def.varargsColumn = t.column;
                }
            } else {
                Param p;
                p.line = peek().line;
                p.column = peek().column;
                p.name = expectName();
                if (isOp(":")) {
                    advance();
                    p.annotation = parseAnnotation();
                }
                if (isOp("="))
                    fail(peek().line, peek().column, "default parameter values are not supported");
                for (const auto &q : def.params)
                    if (q.name == p.name)
                        fail(p.line, p.column, "duplicate argument '" + p.name + "' in function definition");
                def.params.push_back(std::move(p));
            }
            if (!isOp(","))
                break;
            advance();
        }
        expectOp(")");
        if (isOp("->")) {
            advance();
            if (isName("None")) {
                advance();
                def.returns = "None";
            } else {
                def.returns = parseAnnotation();
            }
        }
        expectOp(":");
        def.body = parseSuite();
        return def;
    }

    std::vector<StmtPtr> Parser::parseSuite()
    {
        std::vector<StmtPtr> body;
        if (!atKind(TokenKind::Newline)) {
            // Same depth as the indented form, so printing (which indents) never nests deeper.
            DepthGuard guard(*this);
            parseSimpleStatements(body);
            return body;
        }
        advance();
        if (!atKind(TokenKind::Indent))
            unexpected("an indented block");
        advance();
        while (!atKind(TokenKind::Dedent) && !atKind(TokenKind::End))
            parseStatement(body);
        if (atKind(TokenKind::Dedent))
            advance();
        return body;
    }

    void Parser::parseStatement(std::vector<StmtPtr> &out)
    {
        DepthGuard guard(*this);
        const Token &t = peek();
        if (t.kind == TokenKind::Name) {
            if (t.text == "if") {
                out.push_back(parseIf(false));
                return;
            }
            if (t.text == "while" || t.text == "for") {
                auto s = std::make_unique<Stmt>();
                s->line = t.line;
                s->column = t.column;
                advance();
                if (t.text == "while") {
                    s->kind = StmtKind::While;
                    s->value = parseTest();
                } else {
                    s->kind = StmtKind::For;
                    s->target = parseTargetList();
                    if (!isName("in"))
                        unexpected("'in'");
                    advance();
                    s->value = parseTestList();
                }
                expectOp(":");
                s->body = parseSuite();
                if (isName("else"))
                    fail(peek().line, peek().column, "'else' after a loop is not supported");
                out.push_back(std::move(s));
                return;
            }
            if (t.text == "try") {
                auto s = std::make_unique<Stmt>();
                s->kind = StmtKind::Try;
                s->line = t.line;
                s->column = t.column;
                advance();
                expectOp(":");
                s->body = parseSuite();
                if (!isName("except"))
                    unexpected("'except'");
                advance();
                if (!isOp(":")) {
                    parseTest();
                    if (isName("as")) {
                        advance();
                        expectName();
                    }
                }
                expectOp(":");
                s->orelse = parseSuite();
                if (isName("except") || isName("finally") || isName("else"))
                    fail(peek().line, peek().column, "only one 'except' clause is supported");
                out.push_back(std::move(s));
                return;
            }
            if (t.text == "def")
                fail(t.line, t.column, "nested function definitions are not supported");
            if (t.text == "elif" || t.text == "else" || t.text == "except")
                fail(t.line, t.column, "'" + t.text + "' without a matching statement");
            static const std::set<std::string> unsupported = { "class", "with", "raise", "assert", "del", "global",
                "nonlocal", "yield", "async", "await", "import", "from" };
            if (unsupported.count(t.text))
                fail(t.line, t.column, "'" + t.text + "' statements are not supported by this Python subset");
        }
        parseSimpleStatements(out);
    }

    StmtPtr Parser::parseIf(bool isElif)
    {
        auto s = std::make_unique<Stmt>();
        s->kind = StmtKind::If;
        s->isElif = isElif;
        s->line = peek().line;
        s->column = peek().column;
        advance();
        s->value = parseTest();
        expectOp(":");
        s->body = parseSuite();
        if (isName("elif")) {
            DepthGuard guard(*this);
            s->orelse.push_back(parseIf(true));
        } else if (isName("else")) {
            advance();
            expectOp(":");
            s->orelse = parseSuite();
        }
        return s;
    }

    void Parser::parseSimpleStatements(std::vector<StmtPtr> &out)
    {
        while (true) {
            out.push_back(parseSmall());
            if (!isOp(";"))
                break;
            advance();
            if (atKind(TokenKind::Newline) || atKind(TokenKind::End))
                break;
        }
        expectNewline();
    }

    StmtPtr Parser::parseSmall()
    {
        auto s = std::make_unique<Stmt>();
        const Token &t = peek();
        s->line = t.line;
        s->column = t.column;
        if (t.kind == TokenKind::Name && (t.text == "pass" || t.text == "break" || t.text == "continue")) {
            s->kind = t.text == "pass" ? StmtKind::Pass : t.text == "break" ? StmtKind::Break : StmtKind::Continue;
            advance();
            return s;
        }
        if (t.kind == TokenKind::Name && t.text == "return") {
            s->kind = StmtKind::Return;
            advance();
            if (!atKind(TokenKind::Newline) && !isOp(";") && !atKind(TokenKind::End))
                s->value = parseTestList();
            return s;
        }
        auto first = parseTestList();
        if (isOp(":")) {
            advance();
            s->annotation = parseAnnotation();
            checkTarget(*first);
            if (first->kind != ExprKind::Name)
                fail(first->line, first->column, "only a single name can be annotated");
            expectOp("=");
            s->kind = StmtKind::Assign;
            s->target = std::move(first);
            s->value = parseTestList();
            return s;
        }
        if (isOp("=")) {
            advance();
            checkTarget(*first);
            s->kind = StmtKind::Assign;
            s->target = std::move(first);
            s->value = parseTestList();
            if (isOp("="))
                fail(peek().line, peek().column, "chained assignment is not supported");
            return s;
        }
        static const std::set<std::string> aug = { "+=", "-=", "*=", "/=", "@=", "//=", "%=", "**=" };
        if (peek().kind == TokenKind::Op && aug.count(peek().text)) {
            const std::string op = advance().text;
            if (first->kind != ExprKind::Name)
                fail(first->line, first->column, "augmented assignment needs a plain variable name");
            s->kind = StmtKind::AugAssign;
            s->op = op.substr(0, op.size() - 1);
            s->target = std::move(first);
            s->value = parseTest();
            return s;
        }
        if (peek().kind == TokenKind::Op
            && (peek().text == "&=" || peek().text == "|=" || peek().text == "^=" || peek().text == "<<="
                || peek().text == ">>="))
            fail(peek().line, peek().column, "bitwise operators are not supported by this Python subset");
        s->kind = StmtKind::Expr;
        s->value = std::move(first);
        return s;
    }

    void Parser::checkTarget(const Expr &e)
    {
        if (e.kind == ExprKind::Name || e.kind == ExprKind::Subscript)
            return;
        if (e.kind == ExprKind::Tuple) {
            for (const auto &item : e.items)
                if (item->kind != ExprKind::Name)
                    fail(item->line, item->column, "cannot assign to this expression");
            return;
        }
        fail(e.line, e.column, "cannot assign to this expression");
    }

    ExprPtr Parser::parseTargetList()
    {
        // A for loop's targets end at 'in'.
        return parseTuple(&Parser::parseArith, &Parser::notAtIn);
    }

} // namespace detail

const FunctionDef *findFunction(const Module &module, const std::string &name)
{
    for (const auto &f : module.functions)
        if (f.name == name)
            return &f;
    return nullptr;
}

Module parseProgram(const std::string &source)
{
    return detail::Parser(tokenize(source)).parseModule();
}

} // namespace conceptlab::graphcapture

// Tokenizer, recursive-descent parser and printer for the Python subset.
#include "syntax.h"

#include "text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <set>

namespace conceptlab::graphcapture {

namespace {

    [[noreturn]] void fail(int line, int column, std::string message)
    {
        throw SourceError { line, column, std::move(message) };
    }

    bool isIdentStart(char c)
    {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
    }
    bool isIdentChar(char c)
    {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }
    bool isDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    const char *const kOperators[] = { "**=", "//=", ">>=", "<<=", "->", "**", "//",
        "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "@=", "%=", "&=", "|=", "^=", "<<", ">>", "+", "-", "*", "/",
        "@", "%", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "~", "&", "|", "^" };

} // namespace

std::string formatError(const SourceError &error, const std::string &source)
{
    std::string out;
    if (error.line > 0)
        out = "line " + std::to_string(error.line) + ", column " + std::to_string(error.column) + ": ";
    out += error.message;
    if (error.line <= 0)
        return out;
    int line = 1;
    std::size_t start = 0;
    while (line < error.line && start < source.size()) {
        const auto nl = source.find('\n', start);
        if (nl == std::string::npos) {
            start = source.size();
            break;
        }
        start = nl + 1;
        ++line;
    }
    if (line != error.line)
        return out;
    auto end = source.find('\n', start);
    if (end == std::string::npos)
        end = source.size();
    std::string text = source.substr(start, end - start);
    if (!text.empty() && text.back() == '\r')
        text.pop_back();
    out += "\n" + text + "\n" + std::string(static_cast<std::size_t>(std::max(0, error.column - 1)), ' ') + "^";
    return out;
}

std::vector<Token> tokenize(const std::string &src)
{
    std::vector<Token> tokens;
    std::vector<int> indents { 0 };
    std::size_t i = 0;
    int line = 1;
    std::size_t lineStart = 0;
    int depth = 0; // bracket nesting: newlines and indentation are ignored inside
    bool atLineStart = true;
    auto col = [&](std::size_t pos) { return static_cast<int>(pos - lineStart) + 1; };
    auto push = [&](TokenKind kind, std::string text, std::size_t pos) {
        tokens.push_back(Token { kind, std::move(text), line, col(pos) });
    };
    while (true) {
        if (atLineStart && depth == 0) {
            // Measure indentation; skip blank and comment-only lines.
            int width = 0;
            std::size_t p = i;
            while (p < src.size() && (src[p] == ' ' || src[p] == '\t' || src[p] == '\f')) {
                width = src[p] == '\t' ? (width / 8 + 1) * 8 : src[p] == ' ' ? width + 1 : 0;
                ++p;
            }
            if (p >= src.size())
                break;
            if (src[p] == '#' || src[p] == '\n' || src[p] == '\r') {
                while (p < src.size() && src[p] != '\n')
                    ++p;
                if (p >= src.size())
                    break;
                i = p + 1;
                ++line;
                lineStart = i;
                continue;
            }
            i = p;
            atLineStart = false;
            if (width > indents.back()) {
                indents.push_back(width);
                push(TokenKind::Indent, "", i);
            } else {
                while (width < indents.back()) {
                    indents.pop_back();
                    push(TokenKind::Dedent, "", i);
                }
                if (width != indents.back())
                    fail(line, col(i), "unindent does not match any outer indentation level");
            }
        }
        if (i >= src.size())
            break;
        const char c = src[i];
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < src.size() && src[i] != '\n')
                ++i;
            continue;
        }
        if (c == '\\') {
            std::size_t p = i + 1;
            if (p < src.size() && src[p] == '\r')
                ++p;
            if (p < src.size() && src[p] == '\n') {
                i = p + 1;
                ++line;
                lineStart = i;
                continue;
            }
            fail(line, col(i), "unexpected character after line continuation character");
        }
        if (c == '\n') {
            if (depth == 0) {
                push(TokenKind::Newline, "", i);
                atLineStart = true;
            }
            ++i;
            ++line;
            lineStart = i;
            continue;
        }
        if (isIdentStart(c)) {
            const std::size_t start = i;
            while (i < src.size() && isIdentChar(src[i]))
                ++i;
            push(TokenKind::Name, src.substr(start, i - start), start);
            continue;
        }
        if (isDigit(c) || (c == '.' && i + 1 < src.size() && isDigit(src[i + 1]))) {
            const std::size_t start = i;
            bool isFloat = false;
            while (i < src.size() && isDigit(src[i]))
                ++i;
            if (i < src.size() && src[i] == '.') {
                isFloat = true;
                ++i;
                while (i < src.size() && isDigit(src[i]))
                    ++i;
            }
            if (i < src.size() && (src[i] == 'e' || src[i] == 'E')) {
                std::size_t p = i + 1;
                if (p < src.size() && (src[p] == '+' || src[p] == '-'))
                    ++p;
                if (p < src.size() && isDigit(src[p])) {
                    isFloat = true;
                    i = p;
                    while (i < src.size() && isDigit(src[i]))
                        ++i;
                } else {
                    fail(line, col(i), "invalid decimal literal");
                }
            }
            if (i < src.size() && isIdentChar(src[i]))
                fail(line, col(i), "invalid decimal literal");
            const std::string text = src.substr(start, i - start);
            if (!isFloat) {
                if (text.size() > 1 && text[0] == '0' && text.find_first_not_of('0') != std::string::npos)
                    fail(line, col(start), "leading zeros in decimal integer literals are not permitted");
                std::int64_t v = 0;
                const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
                if (r.ec != std::errc())
                    fail(line, col(start), "integer literal too large: " + text);
            }
            push(isFloat ? TokenKind::Float : TokenKind::Int, text, start);
            continue;
        }
        if (c == '"' || c == '\'') {
            const std::size_t start = i;
            const int startLine = line;
            const int startCol = col(i);
            const bool triple = i + 2 < src.size() && src[i + 1] == c && src[i + 2] == c;
            i += triple ? 3 : 1;
            std::string value;
            bool closed = false;
            while (i < src.size()) {
                const char d = src[i];
                if (d == c && (!triple || (i + 2 < src.size() && src[i + 1] == c && src[i + 2] == c))) {
                    i += triple ? 3 : 1;
                    closed = true;
                    break;
                }
                if (d == '\n') {
                    if (!triple)
                        break;
                    ++line;
                    lineStart = i + 1;
                }
                if (d == '\\' && i + 1 < src.size()) {
                    const char e = src[i + 1];
                    value += e == 'n' ? '\n'
                        : e == 't'    ? '\t'
                        : e == '\\'   ? '\\'
                        : e == '\''   ? '\''
                        : e == '"'    ? '"'
                                      : e;
                    if (e == '\n') {
                        ++line;
                        lineStart = i + 2;
                    }
                    i += 2;
                    continue;
                }
                value += d;
                ++i;
            }
            if (!closed)
                fail(startLine, startCol, "unterminated string literal");
            (void)start;
            tokens.push_back(Token { TokenKind::String, value, startLine, startCol });
            continue;
        }
        bool matched = false;
        for (const char *op : kOperators) {
            const std::size_t n = std::strlen(op);
            if (src.compare(i, n, op) == 0) {
                if (n == 1 && (c == '(' || c == '[' || c == '{'))
                    ++depth;
                if (n == 1 && (c == ')' || c == ']' || c == '}')) {
                    if (depth == 0)
                        fail(line, col(i), std::string("unmatched '") + c + "'");
                    --depth;
                }
                push(TokenKind::Op, op, i);
                i += n;
                matched = true;
                break;
            }
        }
        if (!matched) {
            const unsigned char u = static_cast<unsigned char>(c);
            std::string shown = u >= 32 && u < 127 ? std::string(1, c) : "\\x" + std::to_string(u);
            fail(line, col(i), "invalid character '" + shown + "' in program");
        }
    }
    if (depth > 0)
        fail(line, col(i), "unexpected end of file inside brackets");
    if (!tokens.empty() && tokens.back().kind != TokenKind::Newline && tokens.back().kind != TokenKind::Dedent)
        tokens.push_back(Token { TokenKind::Newline, "", line, col(i) });
    while (indents.size() > 1) {
        indents.pop_back();
        tokens.push_back(Token { TokenKind::Dedent, "", line, col(i) });
    }
    tokens.push_back(Token { TokenKind::End, "", line, col(i) });
    return tokens;
}

namespace {

    const std::set<std::string> kKeywords = { "False", "None", "True", "and", "as", "assert", "async", "await", "break",
        "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield" };

    class Parser {
    public:
        explicit Parser(std::vector<Token> tokens)
            : m_tokens(std::move(tokens))
        {
        }

        Module parseModule()
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

    private:
        const Token &peek(std::size_t ahead = 0) const
        {
            return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
        }
        const Token &advance()
        {
            const Token &t = peek();
            if (m_pos < m_tokens.size() - 1)
                ++m_pos;
            return t;
        }
        bool atKind(TokenKind k) const { return peek().kind == k; }
        bool isOp(const char *op, std::size_t ahead = 0) const
        {
            return peek(ahead).kind == TokenKind::Op && peek(ahead).text == op;
        }
        bool isName(const char *name) const { return peek().kind == TokenKind::Name && peek().text == name; }
        std::string describe(const Token &t) const
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
        [[noreturn]] void unexpected(const std::string &expected) const
        {
            const Token &t = peek();
            if (t.kind == TokenKind::Indent)
                fail(t.line, t.column, "unexpected indent");
            fail(t.line, t.column, "expected " + expected + ", found " + describe(t));
        }
        void expectOp(const char *op)
        {
            if (!isOp(op))
                unexpected(std::string("'") + op + "'");
            advance();
        }
        std::string expectName()
        {
            if (!atKind(TokenKind::Name) || kKeywords.count(peek().text))
                unexpected("a name");
            return advance().text;
        }
        void expectNewline()
        {
            if (atKind(TokenKind::End))
                return;
            if (!atKind(TokenKind::Newline))
                unexpected("end of line");
            advance();
        }

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
        std::string parseImport()
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

        std::string parseAnnotation()
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

        FunctionDef parseDef()
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

        std::vector<StmtPtr> parseSuite()
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

        void parseStatement(std::vector<StmtPtr> &out)
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

        StmtPtr parseIf(bool isElif)
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

        void parseSimpleStatements(std::vector<StmtPtr> &out)
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

        StmtPtr parseSmall()
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

        void checkTarget(const Expr &e)
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

        ExprPtr parseTargetList()
        {
            auto e = parsePrimaryOrNameList();
            return e;
        }

        ExprPtr parsePrimaryOrNameList()
        {
            const Token &t = peek();
            auto first = parseArith();
            if (!isOp(","))
                return first;
            auto tuple = node(ExprKind::Tuple, t);
            addChild(*tuple, std::move(first));
            while (isOp(",")) {
                advance();
                if (isName("in"))
                    break;
                addChild(*tuple, parseArith());
            }
            return tuple;
        }

        void addChild(Expr &parent, ExprPtr child)
        {
            parent.depth = std::max(parent.depth, child->depth + 1);
            if (parent.depth > kMaxTreeDepth)
                fail(child->line, child->column, "expression nested too deeply");
            parent.items.push_back(std::move(child));
        }

        ExprPtr node(ExprKind kind, const Token &t)
        {
            auto e = std::make_unique<Expr>();
            e->kind = kind;
            e->line = t.line;
            e->column = t.column;
            return e;
        }

        bool startsExpression() const
        {
            const Token &t = peek();
            if (t.kind == TokenKind::Name)
                return !kKeywords.count(t.text) || t.text == "not" || t.text == "lambda" || t.text == "True"
                    || t.text == "False" || t.text == "None";
            if (t.kind == TokenKind::Int || t.kind == TokenKind::Float || t.kind == TokenKind::String)
                return true;
            return t.kind == TokenKind::Op
                && (t.text == "(" || t.text == "[" || t.text == "-" || t.text == "+" || t.text == "~");
        }

        ExprPtr parseTestList()
        {
            const Token &t = peek();
            auto first = parseTest();
            if (!isOp(","))
                return first;
            auto tuple = node(ExprKind::Tuple, t);
            addChild(*tuple, std::move(first));
            while (isOp(",")) {
                advance();
                if (!startsExpression())
                    break;
                addChild(*tuple, parseTest());
            }
            return tuple;
        }

        ExprPtr parseTest()
        {
            DepthGuard guard(*this);
            if (isName("lambda")) {
                auto e = node(ExprKind::Lambda, peek());
                advance();
                while (!isOp(":")) {
                    e->params.push_back(expectName());
                    if (!isOp(","))
                        break;
                    advance();
                }
                expectOp(":");
                addChild(*e, parseTest());
                return e;
            }
            auto e = parseOr();
            if (isName("if"))
                fail(peek().line, peek().column, "conditional expressions (a if c else b) are not supported");
            return e;
        }

        ExprPtr parseOr()
        {
            auto left = parseAnd();
            while (isName("or")) {
                auto e = node(ExprKind::BoolOp, peek());
                advance();
                e->text = "or";
                addChild(*e, std::move(left));
                addChild(*e, parseAnd());
                left = std::move(e);
            }
            return left;
        }

        ExprPtr parseAnd()
        {
            auto left = parseNot();
            while (isName("and")) {
                auto e = node(ExprKind::BoolOp, peek());
                advance();
                e->text = "and";
                addChild(*e, std::move(left));
                addChild(*e, parseNot());
                left = std::move(e);
            }
            return left;
        }

        ExprPtr parseNot()
        {
            if (isName("not")) {
                DepthGuard guard(*this);
                auto e = node(ExprKind::Unary, peek());
                advance();
                e->text = "not";
                addChild(*e, parseNot());
                return e;
            }
            return parseComparison();
        }

        bool atComparison() const
        {
            const Token &t = peek();
            if (t.kind == TokenKind::Op)
                return t.text == "<" || t.text == ">" || t.text == "==" || t.text == "!=" || t.text == "<="
                    || t.text == ">=";
            return t.kind == TokenKind::Name && (t.text == "in" || t.text == "is");
        }

        ExprPtr parseComparison()
        {
            auto left = parseBitwise();
            if (!atComparison())
                return left;
            if (peek().kind == TokenKind::Name)
                fail(peek().line, peek().column, "'" + peek().text + "' comparisons are not supported");
            auto e = node(ExprKind::Compare, peek());
            e->text = advance().text;
            addChild(*e, std::move(left));
            addChild(*e, parseBitwise());
            if (atComparison())
                fail(peek().line, peek().column, "chained comparisons are not supported");
            return e;
        }

        ExprPtr parseBitwise()
        {
            auto e = parseArith();
            if (isOp("|") || isOp("&") || isOp("^") || isOp("<<") || isOp(">>"))
                fail(peek().line, peek().column, "bitwise operators are not supported by this Python subset");
            return e;
        }

        ExprPtr parseArith()
        {
            auto left = parseTerm();
            while (isOp("+") || isOp("-")) {
                auto e = node(ExprKind::Binary, peek());
                e->text = advance().text;
                addChild(*e, std::move(left));
                addChild(*e, parseTerm());
                left = std::move(e);
            }
            return left;
        }

        ExprPtr parseTerm()
        {
            auto left = parseFactor();
            while (isOp("*") || isOp("/") || isOp("//") || isOp("%") || isOp("@")) {
                auto e = node(ExprKind::Binary, peek());
                e->text = advance().text;
                addChild(*e, std::move(left));
                addChild(*e, parseFactor());
                left = std::move(e);
            }
            return left;
        }

        ExprPtr parseFactor()
        {
            DepthGuard guard(*this);
            if (isOp("-") || isOp("+")) {
                auto e = node(ExprKind::Unary, peek());
                e->text = advance().text;
                addChild(*e, parseFactor());
                return e;
            }
            if (isOp("~"))
                fail(peek().line, peek().column, "bitwise operators are not supported by this Python subset");
            auto base = parsePrimary();
            if (isOp("**")) {
                auto e = node(ExprKind::Binary, peek());
                e->text = advance().text;
                addChild(*e, std::move(base));
                addChild(*e, parseFactor());
                return e;
            }
            return base;
        }

        ExprPtr parsePrimary()
        {
            auto e = parseAtom();
            while (true) {
                if (isOp("(")) {
                    auto call = node(ExprKind::Call, peek());
                    call->line = e->line;
                    call->column = e->column;
                    advance();
                    addChild(*call, std::move(e));
                    while (!isOp(")")) {
                        if (isOp("*") || isOp("**"))
                            fail(peek().line, peek().column,
                                "argument unpacking (*args, **kwargs) in calls is not supported");
                        if (atKind(TokenKind::Name) && isOp("=", 1)) {
                            Keyword kw;
                            kw.name = advance().text;
                            advance();
                            kw.value = parseTest();
                            call->depth = std::max(call->depth, kw.value->depth + 1);
                            if (call->depth > kMaxTreeDepth)
                                fail(kw.value->line, kw.value->column, "expression nested too deeply");
                            for (const auto &k : call->keywords)
                                if (k.name == kw.name)
                                    fail(kw.value->line, kw.value->column, "keyword argument repeated: " + kw.name);
                            call->keywords.push_back(std::move(kw));
                        } else {
                            if (!call->keywords.empty())
                                fail(peek().line, peek().column, "positional argument follows keyword argument");
                            addChild(*call, parseTest());
                        }
                        if (!isOp(","))
                            break;
                        advance();
                    }
                    expectOp(")");
                    e = std::move(call);
                } else if (isOp(".")) {
                    advance();
                    auto attr = node(ExprKind::Attribute, peek());
                    attr->line = e->line;
                    attr->column = e->column;
                    attr->text = expectName();
                    addChild(*attr, std::move(e));
                    e = std::move(attr);
                } else if (isOp("[")) {
                    auto sub = node(ExprKind::Subscript, peek());
                    sub->line = e->line;
                    sub->column = e->column;
                    advance();
                    addChild(*sub, std::move(e));
                    if (isOp(":"))
                        fail(peek().line, peek().column, "slicing is not supported");
                    addChild(*sub, parseTest());
                    if (isOp(":") || isOp(","))
                        fail(peek().line, peek().column, "slicing and multi-dimensional indexing are not supported");
                    expectOp("]");
                    e = std::move(sub);
                } else {
                    return e;
                }
            }
        }

        ExprPtr parseAtom()
        {
            const Token &t = peek();
            switch (t.kind) {
            case TokenKind::Int: {
                auto e = node(ExprKind::Int, t);
                std::from_chars(t.text.data(), t.text.data() + t.text.size(), e->intValue);
                advance();
                return e;
            }
            case TokenKind::Float: {
                auto e = node(ExprKind::Float, t);
                // The tokenizer only lets strtod-style decimal literals through.
                e->floatValue = parseDouble(t.text).value_or(0.0);
                advance();
                return e;
            }
            case TokenKind::String: {
                auto e = node(ExprKind::Str, t);
                while (atKind(TokenKind::String))
                    e->text += advance().text;
                return e;
            }
            case TokenKind::Name: {
                if (t.text == "True" || t.text == "False") {
                    auto e = node(ExprKind::Bool, t);
                    e->intValue = t.text == "True";
                    advance();
                    return e;
                }
                if (t.text == "None") {
                    auto e = node(ExprKind::None, t);
                    advance();
                    return e;
                }
                if (kKeywords.count(t.text))
                    unexpected("an expression");
                auto e = node(ExprKind::Name, t);
                e->text = t.text;
                advance();
                return e;
            }
            case TokenKind::Op:
                if (t.text == "(") {
                    DepthGuard guard(*this);
                    auto open = t;
                    advance();
                    if (isOp(")")) {
                        advance();
                        return node(ExprKind::Tuple, open);
                    }
                    auto first = parseTest();
                    if (isOp(")")) {
                        advance();
                        return first;
                    }
                    auto tuple = node(ExprKind::Tuple, open);
                    addChild(*tuple, std::move(first));
                    while (isOp(",")) {
                        advance();
                        if (isOp(")"))
                            break;
                        addChild(*tuple, parseTest());
                    }
                    expectOp(")");
                    return tuple;
                }
                if (t.text == "[") {
                    DepthGuard guard(*this);
                    auto list = node(ExprKind::List, t);
                    advance();
                    while (!isOp("]")) {
                        addChild(*list, parseTest());
                        if (isName("for"))
                            fail(peek().line, peek().column, "list comprehensions are not supported");
                        if (!isOp(","))
                            break;
                        advance();
                    }
                    expectOp("]");
                    return list;
                }
                if (t.text == "{")
                    fail(t.line, t.column, "dict and set literals are not supported");
                break;
            default:
                break;
            }
            unexpected("an expression");
        }

        std::vector<Token> m_tokens;
        std::size_t m_pos = 0;
        int m_depth = 0;
    };

    int precedence(const Expr &e)
    {
        switch (e.kind) {
        case ExprKind::Lambda:
            return 0;
        case ExprKind::BoolOp:
            return e.text == "or" ? 1 : 2;
        case ExprKind::Unary:
            return e.text == "not" ? 3 : 8;
        case ExprKind::Compare:
            return 4;
        case ExprKind::Binary:
            if (e.text == "+" || e.text == "-")
                return 6;
            if (e.text == "**")
                return 9;
            return 7;
        default:
            return 10;
        }
    }

    std::string floatText(double v)
    {
        if (std::isinf(v))
            return "1e999";
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        std::string s(buf, r.ptr);
        if (s.find_first_of(".en") == std::string::npos)
            s += ".0";
        return s;
    }

    std::string quote(const std::string &s)
    {
        std::string out = "\"";
        for (char c : s) {
            if (c == '"' || c == '\\')
                out += '\\', out += c;
            else if (c == '\n')
                out += "\\n";
            else if (c == '\t')
                out += "\\t";
            else
                out += c;
        }
        return out + "\"";
    }

    std::string printAt(const Expr &e, int minPrec)
    {
        std::string s;
        const int p = precedence(e);
        switch (e.kind) {
        case ExprKind::Name:
            s = e.text;
            break;
        case ExprKind::Int:
            s = std::to_string(e.intValue);
            break;
        case ExprKind::Float:
            s = floatText(e.floatValue);
            break;
        case ExprKind::Bool:
            s = e.intValue ? "True" : "False";
            break;
        case ExprKind::None:
            s = "None";
            break;
        case ExprKind::Str:
            s = quote(e.text);
            break;
        case ExprKind::Binary:
            if (e.text == "**")
                s = printAt(*e.items[0], 10) + " ** " + printAt(*e.items[1], 8);
            else
                s = printAt(*e.items[0], p) + " " + e.text + " " + printAt(*e.items[1], p + 1);
            break;
        case ExprKind::Unary:
            s = e.text == "not" ? "not " + printAt(*e.items[0], 3) : e.text + printAt(*e.items[0], 8);
            break;
        case ExprKind::Compare:
            s = printAt(*e.items[0], 5) + " " + e.text + " " + printAt(*e.items[1], 5);
            break;
        case ExprKind::BoolOp:
            s = printAt(*e.items[0], p) + " " + e.text + " " + printAt(*e.items[1], p + 1);
            break;
        case ExprKind::Call: {
            s = printAt(*e.items[0], 10) + "(";
            bool first = true;
            for (std::size_t i = 1; i < e.items.size(); ++i, first = false)
                s += (first ? "" : ", ") + printAt(*e.items[i], 0);
            for (const auto &kw : e.keywords) {
                s += (first ? "" : ", ") + kw.name + "=" + printAt(*kw.value, 0);
                first = false;
            }
            s += ")";
            break;
        }
        case ExprKind::Attribute: {
            const auto &obj = *e.items[0];
            const bool number = obj.kind == ExprKind::Int || obj.kind == ExprKind::Float;
            s = (number ? "(" + printAt(obj, 0) + ")" : printAt(obj, 10)) + "." + e.text;
            break;
        }
        case ExprKind::Subscript:
            s = printAt(*e.items[0], 10) + "[" + printAt(*e.items[1], 0) + "]";
            break;
        case ExprKind::Tuple:
            s = "(";
            for (std::size_t i = 0; i < e.items.size(); ++i)
                s += (i ? ", " : "") + printAt(*e.items[i], 0);
            s += e.items.size() == 1 ? ",)" : ")";
            break;
        case ExprKind::List:
            s = "[";
            for (std::size_t i = 0; i < e.items.size(); ++i)
                s += (i ? ", " : "") + printAt(*e.items[i], 0);
            s += "]";
            break;
        case ExprKind::Lambda:
            s = "lambda";
            for (std::size_t i = 0; i < e.params.size(); ++i)
                s += (i ? ", " : " ") + e.params[i];
            s += ": " + printAt(*e.items[0], 0);
            break;
        }
        return p < minPrec ? "(" + s + ")" : s;
    }

    void printBlock(const std::vector<StmtPtr> &body, int indent, std::string &out);

    // A statement-level tuple is printed without parentheses ("return a, b"), as it was written,
    // so a re-parse nests no deeper than the original.
    std::string printTopLevel(const Expr &e)
    {
        if (e.kind != ExprKind::Tuple || e.items.empty())
            return printAt(e, 0);
        std::string s;
        for (std::size_t i = 0; i < e.items.size(); ++i)
            s += (i ? ", " : "") + printAt(*e.items[i], 0);
        return e.items.size() == 1 ? s + "," : s;
    }

    void printStmt(const Stmt &s, int indent, std::string &out)
    {
        const std::string pad(static_cast<std::size_t>(indent) * 4, ' ');
        switch (s.kind) {
        case StmtKind::Expr:
            out += pad + printTopLevel(*s.value) + "\n";
            break;
        case StmtKind::Assign:
            out += pad + printTopLevel(*s.target) + (s.annotation.empty() ? "" : ": " + s.annotation) + " = "
                + printTopLevel(*s.value) + "\n";
            break;
        case StmtKind::AugAssign:
            out += pad + printAt(*s.target, 0) + " " + s.op + "= " + printAt(*s.value, 0) + "\n";
            break;
        case StmtKind::Return:
            out += pad + "return" + (s.value ? " " + printTopLevel(*s.value) : "") + "\n";
            break;
        case StmtKind::Pass:
            out += pad + "pass\n";
            break;
        case StmtKind::Break:
            out += pad + "break\n";
            break;
        case StmtKind::Continue:
            out += pad + "continue\n";
            break;
        case StmtKind::Import:
            out += pad + s.op + "\n";
            break;
        case StmtKind::If: {
            out += pad + (s.isElif ? "elif " : "if ") + printAt(*s.value, 0) + ":\n";
            printBlock(s.body, indent + 1, out);
            if (s.orelse.size() == 1 && s.orelse[0]->kind == StmtKind::If && s.orelse[0]->isElif) {
                printStmt(*s.orelse[0], indent, out);
            } else if (!s.orelse.empty()) {
                out += pad + "else:\n";
                printBlock(s.orelse, indent + 1, out);
            }
            break;
        }
        case StmtKind::While:
            out += pad + "while " + printAt(*s.value, 0) + ":\n";
            printBlock(s.body, indent + 1, out);
            break;
        case StmtKind::For:
            out += pad + "for " + printAt(*s.target, 0) + " in " + printAt(*s.value, 0) + ":\n";
            printBlock(s.body, indent + 1, out);
            break;
        case StmtKind::Try:
            out += pad + "try:\n";
            printBlock(s.body, indent + 1, out);
            out += pad + "except Exception:\n";
            printBlock(s.orelse, indent + 1, out);
            break;
        }
    }

    void printBlock(const std::vector<StmtPtr> &body, int indent, std::string &out)
    {
        if (body.empty())
            out += std::string(static_cast<std::size_t>(indent) * 4, ' ') + "pass\n";
        for (const auto &s : body)
            printStmt(*s, indent, out);
    }

    bool sameExpr(const Expr *a, const Expr *b)
    {
        if (!a || !b)
            return a == b;
        if (a->kind != b->kind || a->text != b->text || a->intValue != b->intValue || a->params != b->params
            || a->items.size() != b->items.size() || a->keywords.size() != b->keywords.size())
            return false;
        if (a->kind == ExprKind::Float && !(a->floatValue == b->floatValue))
            return false;
        for (std::size_t i = 0; i < a->items.size(); ++i)
            if (!sameExpr(a->items[i].get(), b->items[i].get()))
                return false;
        for (std::size_t i = 0; i < a->keywords.size(); ++i)
            if (a->keywords[i].name != b->keywords[i].name
                || !sameExpr(a->keywords[i].value.get(), b->keywords[i].value.get()))
                return false;
        return true;
    }

    bool sameBlock(const std::vector<StmtPtr> &a, const std::vector<StmtPtr> &b);

    bool sameStmt(const Stmt &a, const Stmt &b)
    {
        return a.kind == b.kind && a.op == b.op && a.annotation == b.annotation && a.isElif == b.isElif
            && sameExpr(a.target.get(), b.target.get()) && sameExpr(a.value.get(), b.value.get())
            && sameBlock(a.body, b.body) && sameBlock(a.orelse, b.orelse);
    }

    bool sameBlock(const std::vector<StmtPtr> &a, const std::vector<StmtPtr> &b)
    {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!sameStmt(*a[i], *b[i]))
                return false;
        return true;
    }

} // namespace

Module parseProgram(const std::string &source)
{
    return Parser(tokenize(source)).parseModule();
}

std::string printExpr(const Expr &expr)
{
    return printAt(expr, 0);
}

std::string printProgram(const Module &module)
{
    std::string out;
    for (const auto &imp : module.imports)
        out += imp + "\n";
    for (const auto &f : module.functions) {
        if (!out.empty())
            out += "\n";
        out += "def " + f.name + "(";
        bool first = true;
        for (const auto &p : f.params) {
            out += (first ? "" : ", ") + p.name + (p.annotation.empty() ? "" : ": " + p.annotation);
            first = false;
        }
        if (!f.varargs.empty()) {
            out += (first ? "*" : ", *") + f.varargs;
            first = false;
        }
        if (!f.kwargs.empty())
            out += (first ? "**" : ", **") + f.kwargs;
        out += ")" + (f.returns.empty() ? "" : " -> " + f.returns) + ":\n";
        printBlock(f.body, 1, out);
    }
    return out;
}

bool sameTree(const Module &a, const Module &b)
{
    if (a.imports != b.imports || a.functions.size() != b.functions.size())
        return false;
    for (std::size_t i = 0; i < a.functions.size(); ++i) {
        const auto &f = a.functions[i], &g = b.functions[i];
        if (f.name != g.name || f.varargs != g.varargs || f.kwargs != g.kwargs || f.returns != g.returns
            || f.params.size() != g.params.size() || !sameBlock(f.body, g.body))
            return false;
        for (std::size_t k = 0; k < f.params.size(); ++k)
            if (f.params[k].name != g.params[k].name || f.params[k].annotation != g.params[k].annotation)
                return false;
    }
    return true;
}

} // namespace conceptlab::graphcapture

// Lexer and recursive-descent parser for lambda terms and definitions.
#include "parser.h"

#include "text.h"

#include <optional>
#include <stdexcept>
#include <vector>

namespace conceptlab::lambda {

std::string ParseError::toString() const
{
    return "line " + formatInteger(line) + ", column " + formatInteger(column) + ": " + message;
}

namespace {

    enum class Tok { Ident, Number, Lambda, Dot, LParen, RParen, Equals, Let, Newline, Semicolon, End };

    struct Token {
        Tok kind = Tok::End;
        std::string text;
        int line = 1;
        int column = 1;
        int length = 1;
        int offset = 0; ///< code points from the start of the text
    };

    struct Failure {
        ParseError error;
    };

    [[noreturn]] void fail(const Token &t, std::string message)
    {
        throw Failure { ParseError { t.line, t.column, std::max(1, t.length), std::move(message) } };
    }

    std::string describe(const Token &t)
    {
        switch (t.kind) {
        case Tok::Ident:
            return "'" + t.text + "'";
        case Tok::Number:
            return "numeral " + t.text;
        case Tok::Lambda:
            return "'λ'";
        case Tok::Dot:
            return "'.'";
        case Tok::LParen:
            return "'('";
        case Tok::RParen:
            return "')'";
        case Tok::Equals:
            return "'='";
        case Tok::Let:
            return "'let'";
        case Tok::Newline:
            return "end of line";
        case Tok::Semicolon:
            return "';'";
        case Tok::End:
            return "end of input";
        }
        return "token";
    }

    bool identStart(unsigned char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }
    bool identChar(unsigned char c)
    {
        return identStart(c) || (c >= '0' && c <= '9') || c == '\'';
    }

    // The token of a one-character punctuation mark.
    std::optional<Tok> punctuation(unsigned char c)
    {
        switch (c) {
        case '\\':
            return Tok::Lambda;
        case '.':
            return Tok::Dot;
        case '(':
            return Tok::LParen;
        case ')':
            return Tok::RParen;
        case '=':
            return Tok::Equals;
        case ';':
            return Tok::Semicolon;
        default:
            return std::nullopt;
        }
    }

    // Bytes of the UTF-8 sequence starting with `lead`.
    std::size_t utf8Length(unsigned char lead)
    {
        if (lead >= 0xF0)
            return 4;
        if (lead >= 0xE0)
            return 3;
        return lead >= 0xC0 ? 2 : 1;
    }

    std::vector<Token> lex(std::string_view s)
    {
        std::vector<Token> out;
        int line = 1;
        int column = 1;
        int offset = 0;
        std::size_t i = 0;
        auto make = [&](Tok kind, std::string text, int length) {
            Token t;
            t.kind = kind;
            t.text = std::move(text);
            t.line = line;
            t.column = column;
            t.length = length;
            t.offset = offset;
            return t;
        };
        while (i < s.size()) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c == '\n') {
                out.push_back(make(Tok::Newline, "\n", 1));
                ++i;
                ++line;
                column = 1;
                ++offset;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r') {
                ++i;
                ++column;
                ++offset;
                continue;
            }
            if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
                while (i < s.size() && s[i] != '\n') {
                    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
                        ++column;
                        ++offset;
                    }
                    ++i;
                }
                continue;
            }
            if (const std::optional<Tok> kind = punctuation(c)) {
                out.push_back(make(*kind, std::string(1, static_cast<char>(c)), 1));
                ++i;
                ++column;
                ++offset;
                continue;
            }
            if (c == 0xCE && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB) {
                out.push_back(make(Tok::Lambda, "λ", 1));
                i += 2;
                ++column;
                ++offset;
                continue;
            }
            const bool omega = c == 0xCE && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA9;
            if (identStart(c) || omega) {
                std::size_t j = omega ? i + 2 : i + 1;
                while (j < s.size() && identChar(static_cast<unsigned char>(s[j])))
                    ++j;
                std::string text(s.substr(i, j - i));
                const int length = static_cast<int>(j - i) - (omega ? 1 : 0);
                out.push_back(make(text == "let" ? Tok::Let : Tok::Ident, text, length));
                column += length;
                offset += length;
                i = j;
                continue;
            }
            if (c >= '0' && c <= '9') {
                std::size_t j = i;
                while (j < s.size() && s[j] >= '0' && s[j] <= '9')
                    ++j;
                const int length = static_cast<int>(j - i);
                Token t = make(Tok::Number, std::string(s.substr(i, j - i)), length);
                if (j < s.size() && identChar(static_cast<unsigned char>(s[j])))
                    fail(t, "identifiers cannot start with a digit");
                out.push_back(t);
                column += length;
                offset += length;
                i = j;
                continue;
            }
            // Unknown character: report it whole (UTF-8 aware).
            Token t = make(Tok::End, std::string(s.substr(i, std::min<std::size_t>(utf8Length(c), s.size() - i))), 1);
            fail(t, "unexpected character '" + t.text + "'");
        }
        out.push_back(make(Tok::End, "", 1));
        return out;
    }

    constexpr int kMaxNesting = static_cast<int>(kMaxHeight);

    class Parser {
    public:
        Parser(Graph &g, std::vector<Token> tokens, const ParseOptions &options)
            : m_g(g)
            , m_tokens(std::move(tokens))
            , m_options(options)
        {
        }

        ParsedProgram program()
        {
            ParsedProgram result;
            for (;;) {
                skipSeparators();
                const Token &t = peekRaw();
                if (t.kind == Tok::End)
                    break;
                if (t.kind == Tok::Let) {
                    if (result.term != kNoNode)
                        fail(t, "definitions must come before the term");
                    definition();
                    continue;
                }
                if (result.term != kNoNode)
                    fail(t, "unexpected " + describe(t) + " after the term");
                result.termStart = t.offset;
                if (t.kind == Tok::Ident && !isBound(t.text) && m_g.findDefinition(t.text) >= 0)
                    result.head = t.text;
                m_stopAtNewline = false;
                result.term = term();
                const Token &after = peekRaw();
                if (after.kind != Tok::End)
                    fail(after, "unexpected " + describe(after));
            }
            if (result.term == kNoNode && m_options.requireTerm)
                fail(peekRaw(), "expected a term");
            if (result.term != kNoNode && m_g.node(result.term).height > kMaxHeight)
                fail(m_tokens.front(), "term nested too deeply (more than " + formatInteger(kMaxHeight) + " levels)");
            result.ok = true;
            return result;
        }

    private:
        const Token &peekRaw() const { return m_tokens[m_pos]; }
        const Token &peek()
        {
            if (!m_stopAtNewline)
                while (m_tokens[m_pos].kind == Tok::Newline)
                    ++m_pos;
            return m_tokens[m_pos];
        }
        Token take()
        {
            Token t = peek();
            if (t.kind != Tok::End)
                ++m_pos;
            return t;
        }
        void skipNewlines()
        {
            while (m_tokens[m_pos].kind == Tok::Newline)
                ++m_pos;
        }
        void skipSeparators()
        {
            while (m_tokens[m_pos].kind == Tok::Newline || m_tokens[m_pos].kind == Tok::Semicolon)
                ++m_pos;
        }
        bool isBound(const std::string &name) const
        {
            for (const std::string &b : m_scope)
                if (b == name)
                    return true;
            return false;
        }

        void definition()
        {
            take(); // let
            const Token name = take();
            if (name.kind != Tok::Ident)
                fail(name, "expected a name after 'let', found " + describe(name));
            const Token eq = take();
            if (eq.kind != Tok::Equals)
                fail(eq, "expected '=' after 'let " + name.text + "', found " + describe(eq));
            skipNewlines();
            m_stopAtNewline = true;
            const NodeId body = term();
            m_stopAtNewline = false;
            const Token &end = peekRaw();
            if (end.kind != Tok::Newline && end.kind != Tok::Semicolon && end.kind != Tok::End)
                fail(end, "unexpected " + describe(end) + " in the definition of " + name.text);
            if (m_g.node(body).height > kMaxHeight)
                fail(name, "definition of " + name.text + " nested too deeply");
            Definition d;
            d.name = name.text;
            d.root = body;
            d.fromPrelude = m_options.prelude;
            m_g.addDefinition(std::move(d));
        }

        struct DepthGuard {
            DepthGuard(Parser &p, const Token &t)
                : parser(p)
            {
                if (++parser.m_depth > kMaxNesting)
                    fail(t, "term nested too deeply (more than " + formatInteger(kMaxNesting) + " levels)");
            }
            ~DepthGuard() { --parser.m_depth; }
            Parser &parser;
        };

        NodeId term()
        {
            skipNewlines();
            const Token &t = peek();
            DepthGuard guard(*this, t);
            if (t.kind == Tok::Lambda)
                return lambda();
            return application();
        }

        static bool startsAtom(Tok k) { return k == Tok::Ident || k == Tok::Number || k == Tok::LParen; }

        NodeId application()
        {
            NodeId acc = atom();
            for (;;) {
                const Token &t = peek();
                if (startsAtom(t.kind)) {
                    const NodeId x = atom();
                    acc = m_g.app(acc, x);
                } else if (t.kind == Tok::Lambda) {
                    const NodeId x = lambda();
                    acc = m_g.app(acc, x);
                    break;
                } else {
                    break;
                }
            }
            return acc;
        }

        NodeId lambda()
        {
            take(); // λ
            std::vector<Token> binders;
            for (;;) {
                const Token &t = peek();
                if (t.kind == Tok::Ident) {
                    binders.push_back(take());
                } else {
                    break;
                }
            }
            if (binders.empty())
                fail(peek(), "expected a variable after 'λ', found " + describe(peek()));
            const Token dot = take();
            if (dot.kind != Tok::Dot)
                fail(dot, "expected '.' after the binders, found " + describe(dot));
            for (const Token &b : binders)
                m_scope.push_back(b.text);
            const NodeId body = term();
            NodeId result = body;
            for (auto it = binders.rbegin(); it != binders.rend(); ++it) {
                result = m_g.lam(m_g.intern(it->text), result);
                m_scope.pop_back();
            }
            return result;
        }

        NodeId atom()
        {
            const Token t = take();
            switch (t.kind) {
            case Tok::Ident: {
                for (std::size_t k = m_scope.size(); k-- > 0;)
                    if (m_scope[k] == t.text)
                        return m_g.var(static_cast<std::uint32_t>(m_scope.size() - 1 - k));
                const int def = m_g.findDefinition(t.text);
                if (def >= 0)
                    return m_g.ref(static_cast<std::uint32_t>(def));
                return m_g.freeVar(m_g.intern(t.text));
            }
            case Tok::Number: {
                if (!m_options.numerals)
                    fail(t, "numeral " + t.text + " needs the prelude (prelude=true)");
                // At most 6 digits, so the value always fits.
                const auto number = t.text.size() > 6 ? std::nullopt : parseInteger(t.text);
                if (!number || static_cast<std::uint64_t>(*number) > kMaxNumeral)
                    fail(t, "numeral " + t.text + " is too large (at most " + formatInteger(kMaxNumeral) + ")");
                const std::string canonical = formatInteger(*number);
                int def = m_g.findDefinition(canonical);
                if (def < 0) {
                    Definition d;
                    d.name = canonical;
                    d.root = m_g.churchNumeral(static_cast<std::uint64_t>(*number));
                    d.fromPrelude = true;
                    d.numeral = true;
                    def = static_cast<int>(m_g.addDefinition(std::move(d)));
                }
                return m_g.ref(static_cast<std::uint32_t>(def));
            }
            case Tok::LParen: {
                DepthGuard guard(*this, t);
                const bool saved = m_stopAtNewline;
                m_stopAtNewline = false;
                const NodeId inner = term();
                const Token close = take();
                if (close.kind != Tok::RParen)
                    fail(close,
                        "expected ')' to close the '(' at line " + formatInteger(t.line) + ", column "
                            + formatInteger(t.column) + ", found " + describe(close));
                m_stopAtNewline = saved;
                return inner;
            }
            default:
                fail(t, "expected a term, found " + describe(t));
            }
        }

        Graph &m_g;
        std::vector<Token> m_tokens;
        ParseOptions m_options;
        std::size_t m_pos = 0;
        bool m_stopAtNewline = false;
        int m_depth = 0;
        std::vector<std::string> m_scope;
    };

} // namespace

ParsedProgram parseProgram(Graph &g, std::string_view text, const ParseOptions &options)
{
    try {
        Parser parser(g, lex(text), options);
        return parser.program();
    } catch (const Failure &f) {
        ParsedProgram result;
        result.error = f.error;
        return result;
    }
}

} // namespace conceptlab::lambda

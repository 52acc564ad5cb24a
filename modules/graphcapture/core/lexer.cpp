// The tokenizer of the Python subset (INDENT/DEDENT from indentation, brackets joining
// lines) and error formatting.
#include "syntax.h"
#include "syntaxdetail.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace conceptlab::graphcapture {

namespace {

    using detail::fail;

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
    // A long line is shown as a window around the column, so one message stays one screen line.
    constexpr std::size_t kBefore = 60;
    constexpr std::size_t kAfter = 40;
    auto caret = static_cast<std::size_t>(std::max(0, error.column - 1));
    std::string prefix;
    if (caret > kBefore) {
        std::size_t first = caret - kBefore;
        while (first < caret && (static_cast<unsigned char>(text[first]) & 0xC0) == 0x80)
            ++first; // not inside a UTF-8 character
        text.erase(0, first);
        caret -= first;
        prefix = "…";
    }
    if (text.size() > caret + kAfter) {
        std::size_t last = caret + kAfter;
        while (last > caret && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80)
            --last;
        text.erase(last);
        text += "…";
    }
    out += "\n" + prefix + text + "\n" + std::string(caret + (prefix.empty() ? 0 : 1), ' ') + "^";
    return out;
}

namespace {

    // One pass over the source; each method consumes one kind of token.
    class Lexer {
    public:
        explicit Lexer(const std::string &source)
            : m_src(source)
        {
        }

        std::vector<Token> run()
        {
            while (true) {
                if (m_atLineStart && m_depth == 0 && !indentation())
                    break;
                if (m_i >= m_src.size())
                    break;
                const char c = m_src[m_i];
                if (layout(c))
                    continue;
                if (isIdentStart(c))
                    name();
                else if (isDigit(c) || (c == '.' && m_i + 1 < m_src.size() && isDigit(m_src[m_i + 1])))
                    number();
                else if (c == '"' || c == '\'')
                    string(c);
                else
                    op(c);
            }
            finish();
            return std::move(m_tokens);
        }

    private:
        int col(std::size_t pos) const { return static_cast<int>(pos - m_lineStart) + 1; }

        // The character at `pos` for a message: itself and its code point when it is printable
        // ASCII or well-formed UTF-8 ('é' (U+00E9)), else its byte in hexadecimal ('\xc3').
        std::string shownCharacter(std::size_t pos) const
        {
            const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(m_src[k]); };
            const unsigned char lead = byte(pos);
            if (lead >= 32 && lead < 127)
                return std::string("'") + static_cast<char>(lead) + "'";
            const int length = lead >= 0xF0 && lead < 0xF5 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
            std::uint32_t code = length == 4 ? lead & 0x07u : length == 3 ? lead & 0x0Fu : lead & 0x1Fu;
            bool wellFormed = length > 0 && pos + static_cast<std::size_t>(length) <= m_src.size();
            for (int k = 1; wellFormed && k < length; ++k) {
                const unsigned char next = byte(pos + static_cast<std::size_t>(k));
                wellFormed = (next & 0xC0) == 0x80;
                code = (code << 6) | (next & 0x3Fu);
            }
            if (!wellFormed) {
                constexpr char kHex[] = "0123456789abcdef";
                return std::string("'\\x") + kHex[lead >> 4] + kHex[lead & 0x0F] + "'";
            }
            std::string hex;
            for (std::uint32_t rest = code; rest != 0 || hex.size() < 4; rest >>= 4)
                hex.insert(hex.begin(), "0123456789ABCDEF"[rest & 0x0F]);
            return "'" + m_src.substr(pos, static_cast<std::size_t>(length)) + "' (U+" + hex + ")";
        }
        void push(TokenKind kind, std::string text, std::size_t pos)
        {
            m_tokens.push_back(Token { kind, std::move(text), m_line, col(pos) });
        }
        void newLine(std::size_t next)
        {
            m_i = next;
            ++m_line;
            m_lineStart = next;
        }

        // At the start of a logical line: skips blank and comment-only lines, then emits
        // INDENT or DEDENTs. False when the source ends first.
        bool indentation()
        {
            while (true) {
                int width = 0;
                std::size_t p = m_i;
                while (p < m_src.size() && (m_src[p] == ' ' || m_src[p] == '\t' || m_src[p] == '\f')) {
                    width = m_src[p] == '\t' ? (width / 8 + 1) * 8 : m_src[p] == ' ' ? width + 1 : 0;
                    ++p;
                }
                if (p >= m_src.size())
                    return false;
                if (m_src[p] == '#' || m_src[p] == '\n' || m_src[p] == '\r') {
                    while (p < m_src.size() && m_src[p] != '\n')
                        ++p;
                    if (p >= m_src.size())
                        return false;
                    newLine(p + 1);
                    continue;
                }
                m_i = p;
                m_atLineStart = false;
                if (width > m_indents.back()) {
                    m_indents.push_back(width);
                    push(TokenKind::Indent, "", m_i);
                    return true;
                }
                while (width < m_indents.back()) {
                    m_indents.pop_back();
                    push(TokenKind::Dedent, "", m_i);
                }
                if (width != m_indents.back())
                    fail(m_line, col(m_i), "unindent does not match any outer indentation level");
                return true;
            }
        }

        // Spaces, comments, line continuations and newlines; false for anything else.
        bool layout(char c)
        {
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
                ++m_i;
                return true;
            }
            if (c == '#') {
                while (m_i < m_src.size() && m_src[m_i] != '\n')
                    ++m_i;
                return true;
            }
            if (c == '\\') {
                std::size_t p = m_i + 1;
                if (p < m_src.size() && m_src[p] == '\r')
                    ++p;
                if (p < m_src.size() && m_src[p] == '\n') {
                    newLine(p + 1);
                    return true;
                }
                fail(m_line, col(m_i), "unexpected character after line continuation character");
            }
            if (c == '\n') {
                if (m_depth == 0) {
                    push(TokenKind::Newline, "", m_i);
                    m_atLineStart = true;
                }
                newLine(m_i + 1);
                return true;
            }
            return false;
        }

        void name()
        {
            const std::size_t start = m_i;
            while (m_i < m_src.size() && isIdentChar(m_src[m_i]))
                ++m_i;
            push(TokenKind::Name, m_src.substr(start, m_i - start), start);
        }

        void digits()
        {
            while (m_i < m_src.size() && isDigit(m_src[m_i]))
                ++m_i;
        }

        void number()
        {
            const std::size_t start = m_i;
            bool isFloat = false;
            digits();
            if (m_i < m_src.size() && m_src[m_i] == '.') {
                isFloat = true;
                ++m_i;
                digits();
            }
            if (m_i < m_src.size() && (m_src[m_i] == 'e' || m_src[m_i] == 'E')) {
                std::size_t p = m_i + 1;
                if (p < m_src.size() && (m_src[p] == '+' || m_src[p] == '-'))
                    ++p;
                if (p >= m_src.size() || !isDigit(m_src[p]))
                    fail(m_line, col(m_i), "invalid decimal literal");
                isFloat = true;
                m_i = p;
                digits();
            }
            if (m_i < m_src.size() && isIdentChar(m_src[m_i]))
                fail(m_line, col(m_i), "invalid decimal literal");
            const std::string text = m_src.substr(start, m_i - start);
            if (!isFloat) {
                if (text.size() > 1 && text[0] == '0' && text.find_first_not_of('0') != std::string::npos)
                    fail(m_line, col(start), "leading zeros in decimal integer literals are not permitted");
                std::int64_t v = 0;
                const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
                if (r.ec != std::errc())
                    fail(m_line, col(start), "integer literal too large: " + text);
            }
            push(isFloat ? TokenKind::Float : TokenKind::Int, text, start);
        }

        bool closesString(char quote, bool triple) const
        {
            return m_src[m_i] == quote
                && (!triple || (m_i + 2 < m_src.size() && m_src[m_i + 1] == quote && m_src[m_i + 2] == quote));
        }

        void string(char quote)
        {
            const int startLine = m_line;
            const int startCol = col(m_i);
            const bool triple = m_i + 2 < m_src.size() && m_src[m_i + 1] == quote && m_src[m_i + 2] == quote;
            m_i += triple ? 3 : 1;
            std::string value;
            bool closed = false;
            while (m_i < m_src.size()) {
                const char d = m_src[m_i];
                if (closesString(quote, triple)) {
                    m_i += triple ? 3 : 1;
                    closed = true;
                    break;
                }
                if (d == '\n') {
                    if (!triple)
                        break;
                    ++m_line;
                    m_lineStart = m_i + 1;
                }
                if (d == '\\' && m_i + 1 < m_src.size()) {
                    const char e = m_src[m_i + 1];
                    value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                    if (e == '\n') {
                        ++m_line;
                        m_lineStart = m_i + 2;
                    }
                    m_i += 2;
                    continue;
                }
                value += d;
                ++m_i;
            }
            if (!closed)
                fail(startLine, startCol, "unterminated string literal");
            m_tokens.push_back(Token { TokenKind::String, value, startLine, startCol });
        }

        void op(char c)
        {
            for (const char *op : kOperators) {
                const std::size_t n = std::strlen(op);
                if (m_src.compare(m_i, n, op) != 0)
                    continue;
                if (n == 1 && (c == '(' || c == '[' || c == '{'))
                    ++m_depth;
                if (n == 1 && (c == ')' || c == ']' || c == '}')) {
                    if (m_depth == 0)
                        fail(m_line, col(m_i), std::string("unmatched '") + c + "'");
                    --m_depth;
                }
                push(TokenKind::Op, op, m_i);
                m_i += n;
                return;
            }
            fail(m_line, col(m_i), "invalid character " + shownCharacter(m_i) + " in program");
        }

        // Closes the last line and every open indentation level.
        void finish()
        {
            if (m_depth > 0)
                fail(m_line, col(m_i), "unexpected end of file inside brackets");
            if (!m_tokens.empty() && m_tokens.back().kind != TokenKind::Newline
                && m_tokens.back().kind != TokenKind::Dedent)
                m_tokens.push_back(Token { TokenKind::Newline, "", m_line, col(m_i) });
            while (m_indents.size() > 1) {
                m_indents.pop_back();
                m_tokens.push_back(Token { TokenKind::Dedent, "", m_line, col(m_i) });
            }
            m_tokens.push_back(Token { TokenKind::End, "", m_line, col(m_i) });
        }

        const std::string &m_src;
        std::vector<Token> m_tokens;
        std::vector<int> m_indents { 0 };
        std::size_t m_i = 0;
        int m_line = 1;
        std::size_t m_lineStart = 0;
        int m_depth = 0; ///< bracket nesting: newlines and indentation are ignored inside
        bool m_atLineStart = true;
    };

} // namespace

std::vector<Token> tokenize(const std::string &source)
{
    return Lexer(source).run();
}

} // namespace conceptlab::graphcapture

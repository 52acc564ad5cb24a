// JSON writer and recursive-descent parser.
#include "json.h"

#include "value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace conceptlab::graphcapture {

Json Json::boolean(bool v)
{
    Json j;
    j.m_type = Type::Bool;
    j.m_bool = v;
    return j;
}
Json Json::integer(std::int64_t v)
{
    Json j;
    j.m_type = Type::Int;
    j.m_int = v;
    return j;
}
Json Json::number(double v)
{
    Json j;
    j.m_type = Type::Number;
    j.m_number = v;
    if (!std::isfinite(v)) {
        j.m_string = "null";
    } else {
        char buf[48];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        j.m_string.assign(buf, r.ptr);
    }
    return j;
}
Json Json::numberFromFloat(float v)
{
    Json j = number(v);
    if (std::isfinite(v))
        j.m_string = floatText(v);
    j.m_number = std::strtod(j.m_string.c_str(), nullptr);
    return j;
}
Json Json::string(std::string v)
{
    Json j;
    j.m_type = Type::String;
    j.m_string = std::move(v);
    return j;
}
Json Json::array()
{
    Json j;
    j.m_type = Type::Array;
    return j;
}
Json Json::object()
{
    Json j;
    j.m_type = Type::Object;
    return j;
}

Json &Json::set(const std::string &key, Json value)
{
    for (auto &m : m_members)
        if (m.first == key) {
            m.second = std::move(value);
            return m.second;
        }
    m_members.emplace_back(key, std::move(value));
    return m_members.back().second;
}

void Json::push(Json value)
{
    m_items.push_back(std::move(value));
}

const Json *Json::find(const std::string &key) const
{
    for (const auto &m : m_members)
        if (m.first == key)
            return &m.second;
    return nullptr;
}

static void writeString(std::string &out, const std::string &s)
{
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void Json::write(std::string &out, int indent, int level) const
{
    const auto newline = [&](int l) {
        if (indent >= 0) {
            out += '\n';
            out.append(static_cast<std::size_t>(indent * l), ' ');
        }
    };
    switch (m_type) {
    case Type::Null:
        out += "null";
        break;
    case Type::Bool:
        out += m_bool ? "true" : "false";
        break;
    case Type::Int:
        out += std::to_string(m_int);
        break;
    case Type::Number:
        out += m_string;
        break;
    case Type::String:
        writeString(out, m_string);
        break;
    case Type::Array:
        out += '[';
        for (std::size_t k = 0; k < m_items.size(); ++k) {
            if (k)
                out += ',';
            newline(level + 1);
            m_items[k].write(out, indent, level + 1);
        }
        if (!m_items.empty())
            newline(level);
        out += ']';
        break;
    case Type::Object:
        out += '{';
        for (std::size_t k = 0; k < m_members.size(); ++k) {
            if (k)
                out += ',';
            newline(level + 1);
            writeString(out, m_members[k].first);
            out += indent >= 0 ? ": " : ":";
            m_members[k].second.write(out, indent, level + 1);
        }
        if (!m_members.empty())
            newline(level);
        out += '}';
        break;
    }
}

std::string Json::dump(int indent) const
{
    std::string out;
    write(out, indent, 0);
    return out;
}

namespace {

    class JsonParser {
    public:
        explicit JsonParser(const std::string &text)
            : m_text(text)
        {
        }

        Json document()
        {
            Json v = value(0);
            skipSpace();
            if (m_pos != m_text.size())
                fail("unexpected text after the JSON value");
            return v;
        }

    private:
        [[noreturn]] void fail(const std::string &message) const
        {
            JsonError e;
            e.position = m_pos;
            e.message = message;
            for (std::size_t k = 0; k < m_pos && k < m_text.size(); ++k) {
                if (m_text[k] == '\n') {
                    ++e.line;
                    e.column = 1;
                } else {
                    ++e.column;
                }
            }
            throw e;
        }

        void skipSpace()
        {
            while (m_pos < m_text.size()
                && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\t' || m_text[m_pos] == '\r'))
                ++m_pos;
        }

        bool literal(const char *word)
        {
            const std::string w = word;
            if (m_text.compare(m_pos, w.size(), w) == 0) {
                m_pos += w.size();
                return true;
            }
            return false;
        }

        Json value(int depth)
        {
            if (depth > 200)
                fail("JSON nested too deeply");
            skipSpace();
            if (m_pos >= m_text.size())
                fail("unexpected end of JSON text");
            const char c = m_text[m_pos];
            if (c == '{') {
                ++m_pos;
                Json obj = Json::object();
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                    ++m_pos;
                    return obj;
                }
                while (true) {
                    skipSpace();
                    if (m_pos >= m_text.size() || m_text[m_pos] != '"')
                        fail("expected a string key");
                    const std::string key = stringBody();
                    skipSpace();
                    if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                        fail("expected ':' after an object key");
                    ++m_pos;
                    if (obj.find(key))
                        fail("duplicate key \"" + key + "\"");
                    obj.set(key, value(depth + 1));
                    skipSpace();
                    if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                        ++m_pos;
                        continue;
                    }
                    if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                        ++m_pos;
                        return obj;
                    }
                    fail("expected ',' or '}' in an object");
                }
            }
            if (c == '[') {
                ++m_pos;
                Json arr = Json::array();
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                    ++m_pos;
                    return arr;
                }
                while (true) {
                    arr.push(value(depth + 1));
                    skipSpace();
                    if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                        ++m_pos;
                        continue;
                    }
                    if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                        ++m_pos;
                        return arr;
                    }
                    fail("expected ',' or ']' in an array");
                }
            }
            if (c == '"')
                return Json::string(stringBody());
            if (literal("true"))
                return Json::boolean(true);
            if (literal("false"))
                return Json::boolean(false);
            if (literal("null"))
                return Json();
            if (c == '-' || (c >= '0' && c <= '9'))
                return numberValue();
            fail(std::string("unexpected character '") + c + "'");
        }

        std::string stringBody()
        {
            ++m_pos;
            std::string out;
            while (m_pos < m_text.size() && m_text[m_pos] != '"') {
                char c = m_text[m_pos++];
                if (static_cast<unsigned char>(c) < 0x20)
                    fail("control character in a string");
                if (c == '\\') {
                    if (m_pos >= m_text.size())
                        break;
                    const char e = m_text[m_pos++];
                    switch (e) {
                    case 'n':
                        c = '\n';
                        break;
                    case 't':
                        c = '\t';
                        break;
                    case 'r':
                        c = '\r';
                        break;
                    case 'b':
                        c = '\b';
                        break;
                    case 'f':
                        c = '\f';
                        break;
                    case '"':
                    case '\\':
                    case '/':
                        c = e;
                        break;
                    case 'u': {
                        if (m_pos + 4 > m_text.size())
                            fail("bad \\u escape");
                        unsigned code = 0;
                        for (int k = 0; k < 4; ++k) {
                            const char h = m_text[m_pos++];
                            code = code * 16
                                + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0'
                                        : (h | 32) >= 'a' && (h | 32) <= 'f' ? (h | 32) - 'a' + 10
                                                                             : 99);
                            if (code > 0xffff)
                                fail("bad \\u escape");
                        }
                        if (code < 0x80) {
                            out += static_cast<char>(code);
                        } else if (code < 0x800) {
                            out += static_cast<char>(0xc0 | (code >> 6));
                            out += static_cast<char>(0x80 | (code & 0x3f));
                        } else {
                            out += static_cast<char>(0xe0 | (code >> 12));
                            out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
                            out += static_cast<char>(0x80 | (code & 0x3f));
                        }
                        continue;
                    }
                    default:
                        fail(std::string("bad escape '\\") + e + "'");
                    }
                }
                out += c;
            }
            if (m_pos >= m_text.size())
                fail("unterminated string");
            ++m_pos;
            return out;
        }

        Json numberValue()
        {
            const std::size_t start = m_pos;
            if (m_text[m_pos] == '-')
                ++m_pos;
            auto digits = [&] {
                const std::size_t s = m_pos;
                while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                    ++m_pos;
                return m_pos > s;
            };
            if (!digits())
                fail("expected digits in a number");
            bool isInt = true;
            if (m_pos < m_text.size() && m_text[m_pos] == '.') {
                ++m_pos;
                isInt = false;
                if (!digits())
                    fail("expected digits after '.'");
            }
            if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
                ++m_pos;
                isInt = false;
                if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                    ++m_pos;
                if (!digits())
                    fail("expected digits in an exponent");
            }
            const std::string text = m_text.substr(start, m_pos - start);
            if (isInt) {
                std::int64_t v = 0;
                const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
                if (r.ec == std::errc())
                    return Json::integer(v);
            }
            return Json::number(std::strtod(text.c_str(), nullptr));
        }

        const std::string &m_text;
        std::size_t m_pos = 0;
    };

} // namespace

Json parseJson(const std::string &text)
{
    return JsonParser(text).document();
}

} // namespace conceptlab::graphcapture

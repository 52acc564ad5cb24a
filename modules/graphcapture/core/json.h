// A small JSON value with an order-preserving object, a writer and a parser whose errors
// carry the byte position, line and column. Used for inputs and for the result document.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace conceptlab::graphcapture {

class Json {
public:
    enum class Type { Null, Bool, Int, Number, String, Array, Object };

    Json() = default;
    static Json boolean(bool v);
    static Json integer(std::int64_t v);
    static Json number(double v); ///< printed in shortest round-trip form
    static Json numberFromFloat(float v); ///< printed as the shortest text of the float32
    static Json string(std::string v);
    static Json array();
    static Json object();

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool asBool() const { return m_bool; }
    std::int64_t asInt() const { return m_int; }
    double asNumber() const { return m_type == Type::Int ? static_cast<double>(m_int) : m_number; }
    const std::string &asString() const { return m_string; }
    const std::vector<Json> &items() const { return m_items; }
    const std::vector<std::pair<std::string, Json>> &members() const { return m_members; }

    Json &set(const std::string &key, Json value); ///< replaces an existing key; returns the stored value
    void push(Json value);
    const Json *find(const std::string &key) const;

    std::string dump(int indent = 2) const;

private:
    void write(std::string &out, int indent, int level) const;
    Type m_type = Type::Null;
    bool m_bool = false;
    std::int64_t m_int = 0;
    double m_number = 0;
    std::string m_string; ///< String: the text; Number: the printed form
    std::vector<Json> m_items;
    std::vector<std::pair<std::string, Json>> m_members;
};

struct JsonError {
    std::size_t position = 0; ///< 0-based byte offset
    int line = 1, column = 1; ///< 1-based
    std::string message;
};

/// Parses one JSON document; throws JsonError.
Json parseJson(const std::string &text);

} // namespace conceptlab::graphcapture

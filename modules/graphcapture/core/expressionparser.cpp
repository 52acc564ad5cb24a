// The parser's expression rules, from lambda and the boolean operators down to atoms.
#include "syntaxdetail.h"

#include "text.h"

#include <charconv>

namespace conceptlab::graphcapture::detail {

void Parser::addChild(Expr &parent, ExprPtr child)
{
    parent.depth = std::max(parent.depth, child->depth + 1);
    if (parent.depth > kMaxTreeDepth)
        fail(child->line, child->column, "expression nested too deeply");
    parent.items.push_back(std::move(child));
}

ExprPtr Parser::node(ExprKind kind, const Token &t)
{
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->line = t.line;
    e->column = t.column;
    return e;
}

bool Parser::startsExpression() const
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

ExprPtr Parser::parseTestList()
{
    return parseTuple(&Parser::parseTest, &Parser::startsExpression);
}

ExprPtr Parser::parseTuple(ExprPtr (Parser::*element)(), bool (Parser::*another)() const)
{
    const Token &t = peek();
    auto first = (this->*element)();
    if (!isOp(","))
        return first;
    auto tuple = node(ExprKind::Tuple, t);
    addChild(*tuple, std::move(first));
    while (isOp(",")) {
        advance();
        if (!(this->*another)())
            break;
        addChild(*tuple, (this->*element)());
    }
    return tuple;
}

ExprPtr Parser::parseTest()
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

ExprPtr Parser::parseOr()
{
    return parseBoolOp("or", &Parser::parseAnd);
}

ExprPtr Parser::parseAnd()
{
    return parseBoolOp("and", &Parser::parseNot);
}

ExprPtr Parser::parseBoolOp(const char *op, ExprPtr (Parser::*operand)())
{
    auto left = (this->*operand)();
    while (isName(op)) {
        auto e = node(ExprKind::BoolOp, peek());
        advance();
        e->text = op;
        addChild(*e, std::move(left));
        addChild(*e, (this->*operand)());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parseNot()
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

bool Parser::atComparison() const
{
    const Token &t = peek();
    if (t.kind == TokenKind::Op)
        return t.text == "<" || t.text == ">" || t.text == "==" || t.text == "!=" || t.text == "<=" || t.text == ">=";
    return t.kind == TokenKind::Name && (t.text == "in" || t.text == "is");
}

ExprPtr Parser::parseComparison()
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

ExprPtr Parser::parseBitwise()
{
    auto e = parseArith();
    if (isOp("|") || isOp("&") || isOp("^") || isOp("<<") || isOp(">>"))
        fail(peek().line, peek().column, "bitwise operators are not supported by this Python subset");
    return e;
}

ExprPtr Parser::parseArith()
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

ExprPtr Parser::parseTerm()
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

ExprPtr Parser::parseFactor()
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

ExprPtr Parser::parsePrimary()
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
                    fail(peek().line, peek().column, "argument unpacking (*args, **kwargs) in calls is not supported");
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

ExprPtr Parser::parseAtom()
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

} // namespace conceptlab::graphcapture::detail

// The printer (a tree back to source, with the fewest parentheses that keep its shape) and
// structural comparison of trees.
#include "syntax.h"

#include <charconv>
#include <cmath>

namespace conceptlab::graphcapture {

namespace {

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

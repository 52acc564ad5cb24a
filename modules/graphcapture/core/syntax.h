// The Python subset: tokens (with INDENT/DEDENT), the abstract syntax tree, the parser,
// and the printer that turns a tree back into source. Every error carries a 1-based line
// and column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// A positioned error in a program (syntax, type or runtime).
struct SourceError {
    int line = 0; ///< 1-based; 0 when there is no position
    int column = 0; ///< 1-based
    std::string message;
};

/// "line L, column C: message" followed by the source line and a caret under the column.
std::string formatError(const SourceError &error, const std::string &source);

enum class TokenKind { Name, Int, Float, String, Op, Newline, Indent, Dedent, End };

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text; ///< the identifier, operator, literal text or decoded string
    int line = 1;
    int column = 1;
};

/// Splits source into tokens; throws SourceError.
std::vector<Token> tokenize(const std::string &source);

enum class ExprKind {
    Name,
    Int,
    Float,
    Bool,
    None,
    Str,
    Binary,
    Unary,
    Compare,
    BoolOp,
    Call,
    Attribute,
    Subscript,
    Tuple,
    List,
    Lambda
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Keyword {
    std::string name;
    ExprPtr value;
};

struct Expr {
    ExprKind kind = ExprKind::None;
    int line = 0, column = 0;
    std::string text; ///< Name/Attribute: identifier; Binary/Unary/Compare/BoolOp: operator; Str: value
    std::int64_t intValue = 0; ///< Int and Bool
    double floatValue = 0; ///< Float
    std::vector<ExprPtr> items; ///< operands, call callee+arguments, tuple/list elements, lambda body
    std::vector<Keyword> keywords; ///< Call keyword arguments
    std::vector<std::string> params; ///< Lambda parameters
    int depth = 1; ///< height of this subtree (bounded by kMaxTreeDepth)
};

enum class StmtKind { Expr, Assign, AugAssign, If, For, While, Return, Pass, Break, Continue, Try, Import };

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;

struct Stmt {
    StmtKind kind = StmtKind::Pass;
    int line = 0, column = 0;
    ExprPtr target; ///< Assign/AugAssign/For: the target (Name, Tuple of Names, Subscript)
    ExprPtr value; ///< Expr/Assign/AugAssign/Return value, If/While condition, For iterable
    std::string op; ///< AugAssign operator without '=' ("+", "-", ...); Import: the text
    std::string annotation; ///< Assign with annotation (x: int = ...)
    std::vector<StmtPtr> body; ///< If/For/While/Try body
    std::vector<StmtPtr> orelse; ///< If else branch (an elif is one If here); Try: the handler
    bool isElif = false; ///< this If was written as elif
};

struct Param {
    std::string name;
    std::string annotation; ///< "" when none: Tensor
    int line = 0, column = 0;
};

struct FunctionDef {
    std::string name;
    int line = 0, column = 0;
    std::vector<Param> params;
    std::string varargs, kwargs; ///< names of *args / **kwargs ("" when absent)
    int kwargsLine = 0, kwargsColumn = 0, varargsLine = 0, varargsColumn = 0;
    std::string returns;
    std::vector<StmtPtr> body;
};

struct Module {
    std::vector<std::string> imports; ///< top-level import lines, kept for printing
    std::vector<FunctionDef> functions;
};

/// The function called `name` (the first one so named); null when there is none.
const FunctionDef *findFunction(const Module &module, const std::string &name);

/// Parses a whole program; throws SourceError. Expression nesting is limited (kMaxDepth).
Module parseProgram(const std::string &source);
inline constexpr int kMaxDepth = 100;
/// The deepest expression tree the parser accepts (keeps every recursive pass bounded).
inline constexpr int kMaxTreeDepth = 200;

/// Source text for a tree; parseProgram(printProgram(m)) gives a tree equal to m.
std::string printProgram(const Module &module);
std::string printExpr(const Expr &expr);
/// Structural equality ignoring positions.
bool sameTree(const Module &a, const Module &b);

} // namespace conceptlab::graphcapture

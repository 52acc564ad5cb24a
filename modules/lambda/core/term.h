// Lambda terms as an arena of immutable nodes with de Bruijn indices. Nodes are shared
// freely (a term is a DAG); every node caches its size, height, free-index bound, a
// structural hash and whether it contains a redex, so reduction never re-walks a whole term.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace conceptlab::lambda {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

/// Deepest term the library builds (nesting of λ and application); deeper terms stop a run.
inline constexpr std::uint32_t kMaxHeight = 5000;

enum class Kind : std::uint8_t {
    Var, ///< bound variable, a = de Bruijn index (0 = innermost binder)
    Free, ///< free variable, a = name id
    Lam, ///< abstraction, a = body, b = name id of the binder (a hint for printing)
    App, ///< application, a = function, b = argument
    Ref, ///< a named definition, a = the definition's root, b = definition index
    Cell, ///< a shared argument (call-by-need), a = cell index
};

struct Node {
    Kind kind = Kind::Var;
    std::uint8_t flags = 0;
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::uint32_t maxFree = 0; ///< 1 + largest free de Bruijn index; 0 when closed
    std::uint32_t height = 1;
    std::uint64_t size = 1; ///< nodes of the (expanded) tree, saturating
    std::uint64_t hash = 0; ///< structural hash, independent of binder names
};

inline constexpr std::uint8_t kNormal = 1; ///< no β-redex anywhere
inline constexpr std::uint8_t kWeakNormal = 2; ///< no β-redex outside abstractions
inline constexpr std::uint8_t kLamLike = 4; ///< an abstraction, or a name standing for one

/// A definition: `let NAME = term` or a prelude entry.
struct Definition {
    std::string name;
    NodeId root = kNoNode;
    bool fromPrelude = false;
    bool numeral = false;
};

/// The arena: nodes, names, definitions and call-by-need cells.
class Graph {
public:
    Graph();

    NodeId var(std::uint32_t index);
    NodeId freeVar(std::uint32_t nameId);
    NodeId lam(std::uint32_t nameId, NodeId body);
    NodeId app(NodeId function, NodeId argument);
    NodeId ref(std::uint32_t definition);
    NodeId cell(NodeId content);

    const Node &node(NodeId id) const { return m_nodes[id]; }
    std::size_t nodeCount() const { return m_nodes.size(); }

    std::uint32_t intern(std::string_view name);
    const std::string &name(std::uint32_t id) const { return m_names[id]; }

    std::uint32_t addDefinition(Definition definition);
    const std::vector<Definition> &definitions() const { return m_definitions; }
    int findDefinition(std::string_view name) const; ///< -1 when none

    NodeId cellContent(std::uint32_t cellIndex) const { return m_cells[cellIndex]; }
    void setCellContent(std::uint32_t cellIndex, NodeId content) { m_cells[cellIndex] = content; }
    std::size_t cellCount() const { return m_cells.size(); }

    /// Follows names (and, when `throughCells`, shared cells) to the term they stand for.
    NodeId resolve(NodeId id, bool throughCells = false) const;
    bool isLamLike(NodeId id) const { return (m_nodes[id].flags & kLamLike) != 0; }

    /// body[0 := argument] with the indices of the remaining free variables lowered by one.
    NodeId substitute(NodeId body, NodeId argument);
    /// Adds `by` to every free index >= cutoff.
    NodeId shift(NodeId term, std::uint32_t by, std::uint32_t cutoff);

    /// Copies `roots` (and every definition and cell) into a fresh arena, dropping garbage;
    /// `roots` are updated in place.
    void collect(const std::vector<NodeId *> &roots);

    /// Size and height of the tree `id` stands for, looking into shared cells (whose cached
    /// sizes go stale as they are evaluated). Saturating.
    std::pair<std::uint64_t, std::uint32_t> treeExtent(NodeId root) const;

    /// Church numeral n as plain nodes.
    NodeId churchNumeral(std::uint64_t n);

private:
    NodeId push(const Node &n);
    NodeId substituteAt(NodeId term, std::uint32_t depth, NodeId argument);
    NodeId copyInto(std::vector<Node> &target, NodeId id);

    std::vector<Node> m_nodes;
    std::vector<Node> m_spare; // the other semi-space, kept to reuse its memory
    std::vector<NodeId> m_forward; // old id -> new id during collect
    std::vector<std::string> m_names;
    std::unordered_map<std::string, std::uint32_t> m_nameIds;
    std::vector<Definition> m_definitions;
    std::unordered_map<std::string, std::uint32_t> m_definitionIds;
    std::vector<NodeId> m_cells;
};

/// How names are written when printing.
enum class NameMode { KeepNames, ExpandNames };

/// Character range [begin, end) in code points of a printed term.
struct Span {
    int begin = -1;
    int end = -1;
    bool valid() const { return begin >= 0; }
};

/// Prints in the input syntax (λx.M, application by juxtaposition, minimal parentheses).
/// `context` names enclosing binders, outermost first, for terms with free indices.
/// With `redexPath`, the spans of the redex's function and argument are reported.
struct PrintResult {
    std::string text;
    Span function;
    Span argument;
};
PrintResult printTerm(const Graph &g, NodeId t, NameMode mode = NameMode::ExpandNames,
    const std::vector<std::string> &context = {}, const std::vector<std::uint8_t> *redexPath = nullptr);
std::string print(
    const Graph &g, NodeId t, NameMode mode = NameMode::ExpandNames, const std::vector<std::string> &context = {});
/// Like print, but stops after about maxChars characters and ends the text in "…".
std::string printShort(const Graph &g, NodeId t, std::size_t maxChars, NameMode mode = NameMode::KeepNames,
    const std::vector<std::string> &context = {});

/// De Bruijn form, 1-based indices: λx.λy.x y is "λ λ 2 1"; free variables by name.
std::string printDeBruijn(const Graph &g, NodeId t);

/// Equal up to renaming of bound variables (names expanded).
bool alphaEqual(const Graph &ga, NodeId a, const Graph &gb, NodeId b);

/// Names of free variables (not definitions), sorted.
std::vector<std::string> freeVariables(const Graph &g, NodeId t);

/// Shortens text to at most maxChars code points, ending in "…".
std::string ellipsize(const std::string &text, std::size_t maxChars);

} // namespace conceptlab::lambda

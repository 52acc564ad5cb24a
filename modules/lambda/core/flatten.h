// Terms flattened for drawing (syntax trees and Tromp diagrams): plain node lists with the
// next redex's application, function and argument marked.
#pragma once

#include "term.h"

#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab::lambda {

/// One node of a flattened term.
struct FlatNode {
    Kind kind = Kind::Var; ///< Var, Free (also names kept whole), Lam or App
    std::string label; ///< variable or binder name, definition name
    int index = -1; ///< Var: de Bruijn index (0-based)
    int first = -1; ///< Lam: body; App: function
    int second = -1; ///< App: argument
    int role = 0; ///< 1 = the next redex, 2 = its function, 3 = its argument
};
/// A flattened term: children come before their parents.
struct FlatTerm {
    std::vector<FlatNode> nodes;
    int root = -1;
    bool truncated = false; ///< larger than the limit: nothing to draw
};
/// Flattens `t`; with `redexPath` (see StepInfo::path) the redex's nodes get their roles.
FlatTerm flatten(const Graph &g, NodeId t, NameMode mode, std::size_t maxNodes,
    const std::vector<std::uint8_t> *redexPath = nullptr);

/// Parses printed text (names become free variables, digits numerals) and flattens it;
/// `truncated` when it does not parse or is larger than maxNodes.
FlatTerm flattenText(
    const std::string &text, NameMode mode, std::size_t maxNodes, const std::vector<std::uint8_t> *redexPath = nullptr);

} // namespace conceptlab::lambda

// Runs a graph (traced or scripted) on input values: prim::If picks a block, prim::Loop
// iterates its body, every other node goes through the op library.
#pragma once

#include "ir.h"
#include "value.h"
#include "workcontrol.h"

#include <vector>

namespace conceptlab::graphcapture {

struct IrRunResult {
    Value output;
    std::vector<std::string> prints;
    long nodesExecuted = 0;
};

/// Throws SourceError (positioned at the failing node's source) on runtime errors and when
/// more than nodeLimit nodes run; Cancelled when `control` is cancelled.
IrRunResult runGraph(const Graph &graph, const std::vector<Value> &inputs, long nodeLimit = 2000000,
    const WorkControl &control = WorkControl());

} // namespace conceptlab::graphcapture

// Recursive strategies on a mutable de Bruijn tree. Each contraction is counted once;
// the order of contractions is the order Reducer finds them in.
#include "fastreducer.h"

namespace conceptlab::lambda {

FastReducer::FastReducer(const Graph &g, NodeId root, Strategy strategy)
    : m_strategy(strategy)
{
    m_nodes.reserve(4096);
    m_root = copyIn(g, root);
}

std::uint32_t FastReducer::bound(Kind kind, std::uint32_t a, std::uint32_t b) const
{
    switch (kind) {
    case Kind::Var:
        return a + 1;
    case Kind::Lam:
        return m_nodes[a].maxFree > 0 ? m_nodes[a].maxFree - 1 : 0;
    case Kind::App:
        return std::max(m_nodes[a].maxFree, m_nodes[b].maxFree);
    default:
        return 0;
    }
}

std::uint32_t FastReducer::alloc(Kind kind, std::uint32_t a, std::uint32_t b)
{
    ++m_live;
    const std::uint32_t maxFree = bound(kind, a, b);
    if (!m_free.empty()) {
        const std::uint32_t id = m_free.back();
        m_free.pop_back();
        m_nodes[id] = FNode { kind, a, b, maxFree };
        return id;
    }
    m_nodes.push_back(FNode { kind, a, b, maxFree });
    return static_cast<std::uint32_t>(m_nodes.size() - 1);
}

void FastReducer::release(std::uint32_t id)
{
    // Iterative: released subtrees may be deep.
    m_stack.push_back(id);
    while (!m_stack.empty()) {
        const std::uint32_t n = m_stack.back();
        m_stack.pop_back();
        const FNode f = m_nodes[n];
        if (f.kind == Kind::Lam)
            m_stack.push_back(f.a);
        else if (f.kind == Kind::App) {
            m_stack.push_back(f.a);
            m_stack.push_back(f.b);
        }
        m_free.push_back(n);
        --m_live;
    }
}

std::uint32_t FastReducer::copyIn(const Graph &g, NodeId id)
{
    id = g.resolve(id, true);
    const Node &n = g.node(id);
    switch (n.kind) {
    case Kind::Lam: {
        const std::uint32_t body = copyIn(g, n.a);
        return alloc(Kind::Lam, body, n.b);
    }
    case Kind::App: {
        const std::uint32_t f = copyIn(g, n.a);
        const std::uint32_t x = copyIn(g, n.b);
        return alloc(Kind::App, f, x);
    }
    case Kind::Free:
        return alloc(Kind::Free, n.a, 0);
    default:
        return alloc(Kind::Var, n.a, 0);
    }
}

std::uint32_t FastReducer::copyShifted(std::uint32_t id, std::uint32_t by, std::uint32_t cutoff, std::uint32_t depth)
{
    if (depth > kMaxHeight)
        throw Stop { End::SizeLimit };
    const FNode f = m_nodes[id];
    switch (f.kind) {
    case Kind::Var:
        return alloc(Kind::Var, f.a >= cutoff ? f.a + by : f.a, 0);
    case Kind::Lam: {
        const std::uint32_t body = copyShifted(f.a, by, cutoff + 1, depth + 1);
        return alloc(Kind::Lam, body, f.b);
    }
    case Kind::App: {
        const std::uint32_t a = copyShifted(f.a, by, cutoff, depth + 1);
        const std::uint32_t b = copyShifted(f.b, by, cutoff, depth + 1);
        return alloc(Kind::App, a, b);
    }
    default:
        return alloc(f.kind, f.a, f.b);
    }
}

std::uint32_t FastReducer::countOccurrences(std::uint32_t id, std::uint32_t k, std::uint32_t depth)
{
    if (depth > kMaxHeight)
        throw Stop { End::SizeLimit };
    const FNode f = m_nodes[id];
    if (f.maxFree <= k)
        return 0;
    switch (f.kind) {
    case Kind::Var:
        return f.a == k ? 1 : 0;
    case Kind::Lam:
        return countOccurrences(f.a, k + 1, depth + 1);
    case Kind::App:
        return countOccurrences(f.a, k, depth + 1) + countOccurrences(f.b, k, depth + 1);
    default:
        return 0;
    }
}

void FastReducer::shiftInPlace(std::uint32_t id, std::uint32_t by, std::uint32_t cutoff, std::uint32_t depth)
{
    if (depth > kMaxHeight)
        throw Stop { End::SizeLimit };
    const FNode f = m_nodes[id];
    if (f.maxFree <= cutoff)
        return;
    switch (f.kind) {
    case Kind::Var:
        m_nodes[id].a += by;
        break;
    case Kind::Lam:
        shiftInPlace(f.a, by, cutoff + 1, depth + 1);
        break;
    case Kind::App:
        shiftInPlace(f.a, by, cutoff, depth + 1);
        shiftInPlace(f.b, by, cutoff, depth + 1);
        break;
    default:
        return;
    }
    refresh(id);
}

void FastReducer::substitute(Slot slot, std::uint32_t k, std::uint32_t argument, std::uint32_t depth)
{
    if (depth > kMaxHeight)
        throw Stop { End::SizeLimit };
    const std::uint32_t id = at(slot);
    const FNode f = m_nodes[id];
    if (f.maxFree <= k)
        return;
    switch (f.kind) {
    case Kind::Var:
        if (f.a == k) {
            std::uint32_t replacement = argument;
            if (--m_remaining == 0) {
                // The last occurrence takes the argument itself.
                if (k > 0)
                    shiftInPlace(argument, k, 0, 0);
            } else {
                replacement = copyShifted(argument, k, 0, 0);
            }
            m_free.push_back(id);
            --m_live;
            at(slot) = replacement;
        } else if (f.a > k) {
            m_nodes[id].a = f.a - 1;
            m_nodes[id].maxFree = f.a;
        }
        return;
    case Kind::Lam:
        substitute(Slot { id, 0 }, k + 1, argument, depth + 1);
        break;
    case Kind::App:
        substitute(Slot { id, 0 }, k, argument, depth + 1);
        substitute(Slot { id, 1 }, k, argument, depth + 1);
        break;
    default:
        return;
    }
    refresh(id);
}

void FastReducer::beforeContraction()
{
    if (m_steps >= m_maxSteps)
        throw Stop { End::StepLimit };
    if (m_meter && (m_steps & 4095) == 0)
        m_meter->check(m_stepsBefore + m_steps);
}

// The slot holds App(Lam(body), argument): replace it with body[0 := argument].
void FastReducer::contract(Slot slot, std::uint32_t depth)
{
    beforeContraction();
    const std::uint32_t appId = at(slot);
    const std::uint32_t lamId = m_nodes[appId].a;
    const std::uint32_t argument = m_nodes[appId].b;
    m_remaining = countOccurrences(m_nodes[lamId].a, 0, depth);
    // The λ node's bound must cover index 0 of the body for substitute() to enter it.
    m_nodes[lamId].maxFree = m_nodes[m_nodes[lamId].a].maxFree + 1;
    const bool unused = m_remaining == 0;
    // The λ node becomes the holder of the body while substituting.
    substitute(Slot { lamId, 0 }, 0, argument, depth);
    const std::uint32_t body = m_nodes[lamId].a;
    if (unused)
        release(argument);
    m_free.push_back(appId);
    m_free.push_back(lamId);
    m_live -= 2;
    at(slot) = body;
    ++m_steps;
    if (m_live > m_peak)
        m_peak = m_live;
    if (m_live > m_maxSize)
        throw Stop { End::SizeLimit };
}

// Weak head normal form: contract the head redex until the head is not an application of an
// abstraction; call-by-value reduces the argument before each contraction, call-by-name not.
void FastReducer::weakHeadForm(Slot slot, std::uint32_t depth, Arguments arguments)
{
    if (depth > kMaxHeight)
        throw Stop { End::SizeLimit };
    for (;;) {
        const std::uint32_t id = at(slot);
        if (m_nodes[id].kind != Kind::App)
            return;
        weakHeadForm(Slot { id, 0 }, depth + 1, arguments);
        if (arguments == Arguments::Evaluated)
            weakHeadForm(Slot { id, 1 }, depth + 1, arguments);
        if (m_nodes[m_nodes[id].a].kind != Kind::Lam)
            return;
        contract(slot, depth);
    }
}

// Normal order takes the head redexes first (call-by-name on the function), then
// normalises function and argument; applicative order normalises both sides before
// contracting. Both continue under λ to the full normal form.
void FastReducer::fullNormalForm(Slot slot, std::uint32_t depth)
{
    if (depth > kMaxHeight)
        throw Stop { End::SizeLimit };
    const bool outermost = m_strategy == Strategy::Normal;
    for (;;) {
        const std::uint32_t id = at(slot);
        const Kind kind = m_nodes[id].kind;
        if (kind == Kind::Lam) {
            fullNormalForm(Slot { id, 0 }, depth + 1);
            return;
        }
        if (kind != Kind::App)
            return;
        if (outermost) {
            weakHeadForm(Slot { id, 0 }, depth + 1, Arguments::Untouched);
        } else {
            fullNormalForm(Slot { id, 0 }, depth + 1);
            fullNormalForm(Slot { id, 1 }, depth + 1);
        }
        if (m_nodes[m_nodes[id].a].kind == Kind::Lam) {
            contract(slot, depth);
            continue;
        }
        if (outermost) {
            fullNormalForm(Slot { id, 0 }, depth + 1);
            fullNormalForm(Slot { id, 1 }, depth + 1);
        }
        return;
    }
}

FastReducer::End FastReducer::run(
    std::uint64_t maxSteps, std::uint64_t maxSize, const StepMeter *meter, std::uint64_t stepsBefore)
{
    m_maxSteps = maxSteps;
    m_maxSize = maxSize;
    m_meter = meter;
    m_stepsBefore = stepsBefore;
    m_peak = std::max(m_peak, m_live);
    End end = End::Final;
    try {
        if (m_live > m_maxSize)
            return End::SizeLimit;
        const Slot root { kRootParent, 0 };
        switch (m_strategy) {
        case Strategy::Normal:
        case Strategy::Applicative:
            fullNormalForm(root, 0);
            break;
        case Strategy::CallByName:
        case Strategy::CallByNeed:
            weakHeadForm(root, 0, Arguments::Untouched);
            break;
        case Strategy::CallByValue:
            weakHeadForm(root, 0, Arguments::Evaluated);
            break;
        }
    } catch (const Stop &stop) {
        end = stop.end;
    }
    m_meter = nullptr;
    return end;
}

NodeId FastReducer::readBackAt(Graph &g, std::uint32_t id, std::uint32_t depth) const
{
    if (depth > kMaxHeight)
        return kNoNode;
    const FNode f = m_nodes[id];
    switch (f.kind) {
    case Kind::Lam: {
        const NodeId body = readBackAt(g, f.a, depth + 1);
        return body == kNoNode ? kNoNode : g.lam(f.b, body);
    }
    case Kind::App: {
        const NodeId a = readBackAt(g, f.a, depth + 1);
        if (a == kNoNode)
            return kNoNode;
        const NodeId b = readBackAt(g, f.b, depth + 1);
        return b == kNoNode ? kNoNode : g.app(a, b);
    }
    case Kind::Free:
        return g.freeVar(f.a);
    default:
        return g.var(f.a);
    }
}

NodeId FastReducer::readBack(Graph &g) const
{
    return readBackAt(g, m_root, 0);
}

} // namespace conceptlab::lambda

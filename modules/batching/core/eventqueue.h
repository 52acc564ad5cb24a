// The event queue of the discrete-event simulation: a min-heap on (time, insertion order),
// so simultaneous events keep the order in which they were scheduled.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

namespace conceptlab::batching {

enum class EventKind : std::uint8_t { Arrival, Timeout, IterationEnd };

struct Event {
    double timeSeconds = 0;
    std::uint64_t order = 0;
    EventKind kind = EventKind::Arrival;
    int request = -1; ///< Arrival: the request's index
};

class EventQueue {
public:
    void push(double timeSeconds, EventKind kind, int request = -1)
    {
        m_heap.push(Event { timeSeconds, m_next++, kind, request });
    }
    bool empty() const { return m_heap.empty(); }
    const Event &top() const { return m_heap.top(); }
    Event pop()
    {
        Event event = m_heap.top();
        m_heap.pop();
        return event;
    }
    std::size_t size() const { return m_heap.size(); }

private:
    struct Later {
        bool operator()(const Event &a, const Event &b) const
        {
            return a.timeSeconds != b.timeSeconds ? a.timeSeconds > b.timeSeconds : a.order > b.order;
        }
    };
    std::priority_queue<Event, std::vector<Event>, Later> m_heap;
    std::uint64_t m_next = 0;
};

} // namespace conceptlab::batching

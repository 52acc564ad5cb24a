// Timing kernels: buffers, the perf_event cycle counter, the add-chain clock calibration.
#include "measure.h"

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <vector>

namespace conceptlab::unrolling {

namespace {
    // This thread's CPU time in ns: time the thread spends descheduled (other programs on a
    // busy machine) is not counted, which a wall clock would add to some trials.
    double threadNs()
    {
        timespec now {};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
    }

    // A user-space cpu-cycles counter of this thread; -1 if the kernel does not allow it.
    int openCycleCounter()
    {
        perf_event_attr attr;
        std::memset(&attr, 0, sizeof attr);
        attr.type = PERF_TYPE_HARDWARE;
        attr.size = sizeof attr;
        attr.config = PERF_COUNT_HW_CPU_CYCLES;
        attr.disabled = 0;
        attr.exclude_kernel = 1;
        attr.exclude_hv = 1;
        return static_cast<int>(::syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
    }

    std::optional<std::uint64_t> readCounter(int fd)
    {
        std::uint64_t value = 0;
        if (fd < 0 || ::read(fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value))
            return std::nullopt;
        return value;
    }

    // Cycles per ns of a chain of dependent adds: each add needs the previous result, and an
    // integer add has a latency of one cycle on every x86-64 core, so adds per ns = GHz.
    double addChainGhz()
    {
#if defined(__x86_64__)
        constexpr std::int64_t kAdds = 20'000'000;
        double best = 0;
        for (int trial = 0; trial < 5; ++trial) {
            std::int64_t counter = kAdds / 10;
            std::int64_t value = 0;
            const double start = threadNs();
            asm volatile("1:\n\t"
                         "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                         "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                         "dec %1\n\tjnz 1b"
                         : "+r"(value), "+r"(counter)
                         :
                         : "cc");
            best = std::max(best, static_cast<double>(kAdds) / (threadNs() - start));
        }
        return best;
#else
        return 0;
#endif
    }

    struct Buffers {
        std::vector<std::uint64_t> x; // 8-byte words: aligned for every element type
        std::vector<std::uint64_t> y;
        KernelBuffers view;
    };

    template<class T> void fill(std::vector<std::uint64_t> &words, std::int64_t elements, T value)
    {
        words.assign(static_cast<std::size_t>((elements * static_cast<std::int64_t>(sizeof(T)) + 7) / 8 + 8), 0);
        auto *data = reinterpret_cast<T *>(words.data());
        for (std::int64_t i = 0; i < elements; ++i)
            data[i] = static_cast<T>(value + static_cast<T>(i % 3));
    }

    Buffers makeBuffers(ElementType type, std::int64_t elements)
    {
        Buffers b;
        switch (type) {
        case ElementType::Float:
            fill<float>(b.x, elements, 0.5F);
            fill<float>(b.y, elements, 0.25F);
            break;
        case ElementType::Double:
            fill<double>(b.x, elements, 0.5);
            fill<double>(b.y, elements, 0.25);
            break;
        case ElementType::Int32:
            fill<std::int32_t>(b.x, elements, 1);
            fill<std::int32_t>(b.y, elements, 2);
            break;
        }
        b.view = { b.x.data(), b.y.data(), elements };
        return b;
    }

    double median(std::vector<double> values)
    {
        std::sort(values.begin(), values.end());
        const std::size_t n = values.size();
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
} // namespace

CycleClock detectCycleClock()
{
    CycleClock clock;
    const int fd = openCycleCounter();
    if (fd >= 0) {
        const auto before = readCounter(fd);
        volatile std::uint64_t sink = 0;
        for (int i = 0; i < 100000; ++i)
            sink = sink + 1;
        const auto after = readCounter(fd);
        ::close(fd);
        if (before && after && *after > *before) {
            clock.source = CycleSource::PerfEvent;
            return clock;
        }
    }
    clock.calibratedGhz = addChainGhz();
    clock.source = clock.calibratedGhz > 0 ? CycleSource::AddChain : CycleSource::None;
    return clock;
}

Measurement measureKernel(
    const KernelVariant &variant, const MeasureSettings &settings, const CycleClock &clock, const WorkControl &control)
{
    Buffers buffers = makeBuffers(variant.type, std::max<std::int64_t>(1, settings.elements));
    volatile double sink = 0;
    // Warm-up: caches, branch predictors, the core's clock; also sizes the repetitions.
    const double warmStart = threadNs();
    std::int64_t warmCalls = 0;
    while (threadNs() - warmStart < settings.trialSeconds * 1e9 || warmCalls < 2) {
        sink = sink + variant.call(buffers.view);
        ++warmCalls;
    }
    const double secondsPerCall = (threadNs() - warmStart) * 1e-9 / static_cast<double>(warmCalls);
    Measurement m;
    m.repetitions = std::max<std::int64_t>(1, static_cast<std::int64_t>(settings.trialSeconds / secondsPerCall));
    m.trials = std::max(1, settings.trials);
    const int fd = clock.source == CycleSource::PerfEvent ? openCycleCounter() : -1;
    std::vector<double> nsPerElement;
    std::vector<double> cyclesPerElement;
    const double elements = static_cast<double>(buffers.view.elements) * static_cast<double>(m.repetitions);
    for (int trial = 0; trial < m.trials; ++trial) {
        control.checkpoint();
        const auto cyclesBefore = readCounter(fd);
        const double start = threadNs();
        for (std::int64_t r = 0; r < m.repetitions; ++r)
            sink = sink + variant.call(buffers.view);
        const double ns = threadNs() - start;
        const auto cyclesAfter = readCounter(fd);
        nsPerElement.push_back(ns / elements);
        if (cyclesBefore && cyclesAfter)
            cyclesPerElement.push_back(static_cast<double>(*cyclesAfter - *cyclesBefore) / elements);
    }
    if (fd >= 0)
        ::close(fd);
    m.nsPerElement = median(nsPerElement);
    if (!cyclesPerElement.empty()) {
        m.cyclesPerElement = median(cyclesPerElement);
        m.clockGhz = *m.cyclesPerElement / m.nsPerElement;
    } else if (clock.source == CycleSource::AddChain) {
        m.clockGhz = clock.calibratedGhz;
        m.cyclesPerElement = m.nsPerElement * clock.calibratedGhz;
    }
    return m;
}

} // namespace conceptlab::unrolling

// The window never freezes: for every module built, at its default parameters and with every
// number at its maximum, no parameter change, step or reset keeps the GUI thread from its
// event loop for more than 100 ms. A 5 ms timer probes the event loop; the largest gap between
// its ticks, while the view works, is the longest the window could not repaint. The gap is
// measured in the GUI thread's own CPU time, so a loaded machine that merely preempts the
// thread does not count as a stall; work the thread does, does.
#include "conceptmodule.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPluginLoader>
#include <QTimer>

#include <gtest/gtest.h>

#include <ctime>
#include <memory>

using namespace conceptlab;

namespace {

constexpr qint64 kMaxStallMs = 100;
constexpr int kBuildTimeoutMs = 180000;

/// CPU time the calling thread has used, in milliseconds.
qint64 threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<qint64>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

/// Largest GUI-thread CPU time between ticks of a 5 ms timer while it runs.
class EventLoopProbe {
public:
    EventLoopProbe()
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
        m_timer.start();
    }
    /// Runs `action` on the GUI thread, then lets events run for `settleMs`; returns the largest gap.
    qint64 measure(const std::function<void()> &action, int settleMs = 30)
    {
        QCoreApplication::processEvents();
        m_lastTickCpuMs = threadCpuMs();
        m_largestGapMs = 0;
        action();
        QElapsedTimer settle;
        settle.start();
        while (settle.elapsed() < settleMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        tick();
        return m_largestGapMs;
    }

private:
    void tick()
    {
        const qint64 now = threadCpuMs();
        m_largestGapMs = std::max(m_largestGapMs, now - m_lastTickCpuMs);
        m_lastTickCpuMs = now;
    }

    QTimer m_timer;
    qint64 m_lastTickCpuMs = 0;
    qint64 m_largestGapMs = 0;
};

/// Every plugin built beside the binary, loaded, with its file name.
std::vector<std::pair<std::string, ConceptModule *>> builtModules()
{
    std::vector<std::pair<std::string, ConceptModule *>> modules;
    const QDir folder(QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR));
    for (const QString &name : folder.entryList({ QStringLiteral("*.so") }, QDir::Files, QDir::Name)) {
        auto *loader = new QPluginLoader(folder.filePath(name), qApp); // kept loaded for the run
        if (auto *module = qobject_cast<ConceptModule *>(loader->instance()))
            modules.emplace_back(name.toStdString(), module);
    }
    return modules;
}

ParameterValues atMaximum(const ConceptModule &module)
{
    const ParameterSchema schema = module.parameters(); // specs() points into it: keep it alive
    ParameterValues values = schema.defaults();
    for (const ParameterSpec &spec : schema.specs()) {
        if (spec.kind == ParameterKind::Integer)
            values.insert(spec.key, QVariant::fromValue<qint64>(static_cast<qint64>(spec.maximum)));
        else if (spec.kind == ParameterKind::Real)
            values.insert(spec.key, spec.maximum);
    }
    return values;
}

/// The largest event-loop stall while `view` takes `values`, builds, steps and resets.
void expectResponsive(EventLoopProbe &probe, ConceptView &view, const ParameterValues &values, const char *what)
{
    const std::string name = what;
    EXPECT_LE(probe.measure([&] { view.setParameters(values); }), kMaxStallMs) << name << ": setParameters";
    QElapsedTimer waited;
    waited.start();
    const qint64 whileBuilding = probe.measure([] {}, 0);
    qint64 worst = whileBuilding;
    while (view.isBusy() && waited.elapsed() < kBuildTimeoutMs)
        worst = std::max(worst, probe.measure([] {}, 50));
    ASSERT_FALSE(view.isBusy()) << name << ": still building after " << kBuildTimeoutMs << " ms";
    EXPECT_LE(worst, kMaxStallMs) << name << ": while the session was built and shown";
    for (int i = 0; i < 12 && !view.atEnd(); ++i)
        EXPECT_LE(probe.measure([&] { view.stepForward(); }), kMaxStallMs) << name << ": step " << i + 1;
    EXPECT_LE(probe.measure([&] { view.stepBackward(); }), kMaxStallMs) << name << ": step back";
    EXPECT_LE(probe.measure([&] { view.reset(); }), kMaxStallMs) << name << ": reset";
    while (view.isBusy() && waited.elapsed() < kBuildTimeoutMs)
        probe.measure([] {}, 50);
}

} // namespace

TEST(Responsiveness, NoModuleBlocksTheEventLoop)
{
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "sanitizers make every step several times slower: timing means nothing here";
#endif
    const auto modules = builtModules();
    if (modules.empty())
        GTEST_SKIP() << "no modules built";
    EventLoopProbe probe;
    for (const auto &[id, module] : modules) {
        std::unique_ptr<ConceptView> view(module->createView(nullptr));
        view->resize(1280, 800);
        view->show();
        probe.measure([] {}, 100); // first layout and paint
        SCOPED_TRACE(id);
        expectResponsive(probe, *view, module->parameters().defaults(), "defaults");
        expectResponsive(probe, *view, atMaximum(*module), "maximum");
    }
}

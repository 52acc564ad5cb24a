// The headless run (parameter keys, JSON keys, CSV table, errors) and the live view offscreen.
#include "batchingresult.h"
#include "batchingscenario.h"
#include "batchingview.h"

#include <timelineview.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace conceptlab;
using namespace conceptlab::batching;

namespace {

void ensureApplication()
{
    if (QApplication::instance())
        return;
    static int argc = 1;
    static char name[] = "tst_batching_view";
    static char *argv[] = { name, nullptr };
    new QApplication(argc, argv);
}

ParameterValues values(std::initializer_list<std::pair<const char *, QVariant>> entries)
{
    ParameterValues result;
    for (const auto &[key, value] : entries)
        result.insert(QLatin1String(key), value);
    return result;
}

bool waitIdle(const ConceptView &view)
{
    QElapsedTimer timer;
    timer.start();
    while (view.isBusy() && timer.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QCoreApplication::processEvents();
    return !view.isBusy();
}

} // namespace

TEST(batchingHeadless, ParameterKeysAreTheDocumentedOnes)
{
    const QStringList keys = batchingSchema().keys();
    for (const char *key : { "policy", "preset", "arrival", "rate", "requests", "prompt_tokens", "output_dist",
             "output_mean", "output_max", "batch_size", "seed", "trace", "dynamic_timeout_ms", "block_size",
             "token_budget", "model_params_b", "layers", "hidden_size", "kv_heads", "bytes_per_value", "gpu_memory_gb",
             "bandwidth_gb_s", "peak_tflops", "flops_efficiency" })
        EXPECT_TRUE(keys.contains(QLatin1String(key))) << key;
    EXPECT_EQ(batchingSchema().find(QStringLiteral("trace"))->kind, ParameterKind::FilePath);
}

TEST(batchingHeadless, OneRequestTakesOnePrefill)
{
    // OPT-13B on A100-40GB: 512 prompt tokens cost 2 × 12.85e9 × 512 / (312e12 × 0.5) s, more than
    // reading the weights and KV ((25.7e9 + 512 × 819200) / 1555e9 s); one output token.
    const RunResult result = runBatching(values({ { "arrival", "burst" }, { "requests", 1 }, { "prompt_tokens", 512 },
                                             { "output_dist", "fixed" }, { "output_mean", 1.0 } }),
        Progress());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const double prefill = 2 * 12.85e9 * 512 / 156e12;
    EXPECT_NEAR(result.data.value(QStringLiteral("makespan_s")).toDouble(), prefill, 1e-12);
    EXPECT_NEAR(result.data.value(QStringLiteral("throughput_tokens_per_s")).toDouble(), 1 / prefill, 1e-6);
    EXPECT_NEAR(
        result.data.value(QStringLiteral("ttft_s")).toObject().value(QStringLiteral("p99")).toDouble(), prefill, 1e-12);
    EXPECT_EQ(result.data.value(QStringLiteral("tpot_s")).toObject().value(QStringLiteral("mean")).toDouble(), 0);
    EXPECT_EQ(result.data.value(QStringLiteral("completed")).toInt(), 1);
}

TEST(batchingHeadless, ResultKeysAndTable)
{
    const RunResult result = runBatching(values({ { "requests", 30 }, { "policy", "paged" } }), Progress());
    ASSERT_TRUE(result.error.isEmpty());
    for (const char *key : { "throughput_tokens_per_s", "throughput_requests_per_s", "ttft_s", "tpot_s", "latency_s",
             "completed", "preemptions", "makespan_s", "gpu_busy_fraction" })
        EXPECT_TRUE(result.data.contains(QLatin1String(key))) << key;
    for (const char *key : { "ttft_s", "tpot_s", "latency_s" }) {
        const QJsonObject distribution = result.data.value(QLatin1String(key)).toObject();
        EXPECT_EQ(distribution.keys(), (QStringList { "mean", "p50", "p90", "p99" }));
    }
    EXPECT_EQ(result.table.header,
        (QStringList {
            "id", "arrival_s", "first_token_s", "finish_s", "prompt_tokens", "output_tokens", "preemptions" }));
    EXPECT_EQ(result.table.rows.size(), 30);
    EXPECT_EQ(result.data.value(QStringLiteral("completed")).toInt(), 30);
}

TEST(batchingHeadless, OverridesReplacePresetConstants)
{
    // Halving the bandwidth doubles the weight-read time of a memory-bound decode.
    auto decode = [](double bandwidth) {
        const RunResult result
            = runBatching(values({ { "arrival", "burst" }, { "requests", 1 }, { "prompt_tokens", 1 },
                              { "output_dist", "fixed" }, { "output_mean", 2.0 }, { "bandwidth_gb_s", bandwidth } }),
                Progress());
        return result.data.value(QStringLiteral("tpot_s")).toObject().value(QStringLiteral("mean")).toDouble();
    };
    EXPECT_NEAR(decode(1000), (25.7e9 + 2 * 819200) / 1000e9, 1e-12);
    EXPECT_NEAR(decode(500), (25.7e9 + 2 * 819200) / 500e9, 1e-12);
}

TEST(batchingHeadless, TraceErrorsNameFileLineAndColumn)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.csv"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("arrival_s,prompt_tokens,output_tokens\n0,100,10\n0.5,100,ten\n");
    file.close();
    const RunResult bad = runBatching(values({ { "trace", path } }), Progress());
    EXPECT_TRUE(bad.error.contains(path + QStringLiteral(":3:9:"))) << bad.error.toStdString();

    QFile good(path);
    ASSERT_TRUE(good.open(QIODevice::WriteOnly));
    good.write("arrival_s,prompt_tokens,output_tokens\n0,100,10\n0.5,100,700\n");
    good.close();
    const RunResult result = runBatching(values({ { "trace", path } }), Progress());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    EXPECT_EQ(result.data.value(QStringLiteral("completed")).toInt(), 2);
    EXPECT_EQ(result.data.value(QStringLiteral("output_tokens")).toInt(), 710);

    const RunResult missing
        = runBatching(values({ { "trace", dir.filePath(QStringLiteral("none.csv")) } }), Progress());
    EXPECT_TRUE(missing.error.contains(QStringLiteral("none.csv")));
}

TEST(batchingHeadless, BadValuesNameTheParameter)
{
    EXPECT_TRUE(runBatching(values({ { "batch_size", 0 } }), Progress()).error.contains(QStringLiteral("batch_size")));
    EXPECT_TRUE(runBatching(values({ { "policy", "fifo" } }), Progress()).error.contains(QStringLiteral("policy")));
    // A prompt that can never fit in the KV cache of OPT-13B on 40 GB.
    const RunResult tooLong = runBatching(values({ { "prompt_tokens", 20000 }, { "prompt_max", 20000 } }), Progress());
    EXPECT_TRUE(tooLong.error.contains(QStringLiteral("request 0"))) << tooLong.error.toStdString();
    const RunResult noMemory = runBatching(values({ { "gpu_memory_gb", 20.0 } }), Progress());
    EXPECT_TRUE(noMemory.error.contains(QStringLiteral("GPU memory"))) << noMemory.error.toStdString();
}

TEST(batchingView, StepsForwardAndBackOffscreen)
{
    ensureApplication();
    BatchingView view;
    view.resize(1200, 800);
    view.setParameters(values({ { "requests", 40 }, { "policy", "chunked" }, { "arrival", "burst" } }));
    ASSERT_TRUE(waitIdle(view));
    EXPECT_EQ(view.currentStep(), 0);
    EXPECT_FALSE(view.canStepBackward());
    for (int i = 0; i < 10; ++i)
        view.stepForward();
    EXPECT_EQ(view.currentStep(), 10);
    const QString afterTen = view.statusText();
    view.stepForward();
    view.stepBackward();
    EXPECT_EQ(view.currentStep(), 10);
    EXPECT_EQ(view.statusText(), afterTen);
    // Back to the start and forward again gives the same state.
    for (int i = 0; i < 10; ++i)
        view.stepBackward();
    EXPECT_EQ(view.currentStep(), 0);
    EXPECT_FALSE(view.canStepBackward());
    for (int i = 0; i < 10; ++i)
        view.stepForward();
    EXPECT_EQ(view.statusText(), afterTen);
    int guard = 0;
    while (!view.atEnd() && guard++ < 100000)
        view.stepForward();
    EXPECT_TRUE(view.atEnd());
    EXPECT_EQ(view.currentTable().rows.size(), 40);
    EXPECT_FALSE(view.grab().isNull());
    view.reset();
    EXPECT_EQ(view.currentStep(), 0);
}

TEST(batchingView, ShowsBadParametersWithoutCrashing)
{
    ensureApplication();
    BatchingView view;
    view.setParameters(values({ { "prompt_tokens", 20000 }, { "prompt_max", 20000 } }));
    ASSERT_TRUE(waitIdle(view));
    view.stepForward();
    EXPECT_TRUE(view.atEnd());
    // New parameters while the previous run is still computing.
    view.setParameters(values({ { "requests", 20000 } }));
    view.setParameters(values({ { "requests", 50 } }));
    ASSERT_TRUE(waitIdle(view));
    view.stepForward();
    EXPECT_EQ(view.currentStep(), 1);
}

TEST(batchingTimelineView, FindsBarsZoomsAndClamps)
{
    ensureApplication();
    TimelineView timeline;
    timeline.resize(400, 200);
    timeline.setRows(2);
    QList<TimelineBar> bars;
    bars.append(
        TimelineBar { 0, 7, { { 0, 5, QBrush(Qt::blue) }, { 5, 10, QBrush(Qt::red) } }, {}, QStringLiteral("a") });
    bars.append(TimelineBar { 1, 8, { { 2, 4, QBrush(Qt::green) } }, {}, QStringLiteral("b") });
    timeline.setBars(bars);
    EXPECT_EQ(timeline.visibleStart(), 0);
    EXPECT_EQ(timeline.visibleEnd(), 10);
    // Plot spans x = 4 … 392 (no row labels), rows split the height above the axis.
    const int rowOneY = 150;
    const int rowZeroY = 30;
    auto xOf = [](double time) { return static_cast<int>(4 + time / 10.0 * 388); };
    EXPECT_EQ(timeline.barAt(QPoint(xOf(7), rowZeroY)), 0);
    EXPECT_EQ(timeline.barAt(QPoint(xOf(3), rowOneY)), 1);
    EXPECT_EQ(timeline.barAt(QPoint(xOf(8), rowOneY)), -1);
    timeline.setVisibleRange(-5, 2); // clamped into [0, 10], span kept
    EXPECT_EQ(timeline.visibleStart(), 0);
    EXPECT_EQ(timeline.visibleEnd(), 7);
    timeline.setVisibleRange(8, 30);
    EXPECT_EQ(timeline.visibleStart(), 0);
    EXPECT_EQ(timeline.visibleEnd(), 10);
    timeline.setCursorTime(4);
    EXPECT_FALSE(timeline.grab().isNull());
    timeline.fitAll();
    EXPECT_EQ(timeline.visibleEnd(), 10);
}

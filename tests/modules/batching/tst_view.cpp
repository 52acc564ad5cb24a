// The headless run (parameter keys, JSON keys, CSV table, errors) and the live view offscreen.
#include "batchingcharts.h"
#include "batchingresult.h"
#include "batchingscenario.h"
#include "batchingtimeline.h"
#include "batchingview.h"
#include "core/analysis.h"

#include <parameterpanel.h>

#include <timelineview.h>

#include <QAbstractSpinBox>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>

#include <gtest/gtest.h>

using namespace conceptlab;
using namespace conceptlab::batching;

namespace {

ParameterValues values(std::initializer_list<std::pair<const char *, QVariant>> entries)
{
    ParameterValues result;
    for (const auto &[key, value] : entries)
        result.insert(QLatin1String(key), value);
    return result;
}

/// Waits until the view has its session (or error) and its comparison, up to a minute.
bool waitIdle(const ConceptView &view)
{
    return QTest::qWaitFor([&] { return !view.isBusy(); }, 60000);
}

const BatchingSession *sessionOf(const ConceptView &view)
{
    return dynamic_cast<const BatchingSession *>(view.session());
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
    EXPECT_EQ(batchingSchema().defaults().value(QStringLiteral("iterations_per_step")).toLongLong(), 1);
}

TEST(batchingHeadless, OneRequestTakesOnePrefill)
{
    // OPT-13B on A100-40GB, the former roofline at 50 % efficiency: 512 prompt tokens cost
    // 2 × 12.85e9 × 512 / (312e12 × 0.5) s, more than reading the weights and KV
    // ((25.7e9 + 512 × 819200) / 1555e9 s); one output token.
    const RunResult result = runBatching(
        values({ { "arrival", "burst" }, { "requests", 1 }, { "prompt_tokens", 512 }, { "output_dist", "fixed" },
            { "output_mean", 1.0 }, { "cost_model", "roofline" }, { "flops_efficiency", 0.5 } }),
        WorkControl());
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
    const RunResult result = runBatching(values({ { "requests", 30 }, { "policy", "paged" } }), WorkControl());
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
        const RunResult result = runBatching(
            values({ { "arrival", "burst" }, { "requests", 1 }, { "prompt_tokens", 1 }, { "output_dist", "fixed" },
                { "output_mean", 2.0 }, { "bandwidth_gb_s", bandwidth }, { "cost_model", "roofline" } }),
            WorkControl());
        return result.data.value(QStringLiteral("tpot_s")).toObject().value(QStringLiteral("mean")).toDouble();
    };
    EXPECT_NEAR(decode(1000), (25.7e9 + 2 * 819200) / 1000e9, 1e-12);
    EXPECT_NEAR(decode(500), (25.7e9 + 2 * 819200) / 500e9, 1e-12);
}

TEST(batchingHeadless, ModelAndGpuChosenSeparatelyWithBreakdown)
{
    // One 512-token prefill of Llama-2-7B on an A100-80GB without the LM head: the calibration
    // point measured at 36.66 ms, which the model meets within 5 %.
    const RunResult result = runBatching(
        values({ { "arrival", "burst" }, { "requests", 1 }, { "prompt_tokens", 512 }, { "output_dist", "fixed" },
            { "output_mean", 1.0 }, { "model", "llama2-7b" }, { "gpu", "a100-80gb" }, { "lm_head", false } }),
        WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const double makespan = result.data.value(QStringLiteral("makespan_s")).toDouble();
    EXPECT_NEAR(makespan, 0.03666, 0.05 * 0.03666);
    EXPECT_EQ(result.data.value(QStringLiteral("model")).toString(), QStringLiteral("llama2-7b"));
    EXPECT_EQ(result.data.value(QStringLiteral("gpu")).toString(), QStringLiteral("a100-80gb"));
    EXPECT_EQ(result.data.value(QStringLiteral("preset")).toString(), QStringLiteral("llama2-7b-a100-80gb"));
    EXPECT_EQ(result.data.value(QStringLiteral("tensor_parallel")).toInt(), 1);
    const QJsonObject breakdown = result.data.value(QStringLiteral("iteration_breakdown")).toObject();
    EXPECT_EQ(breakdown.size(), 10);
    double sum = 0;
    for (const QString &key : breakdown.keys())
        sum += breakdown.value(key).toDouble();
    EXPECT_NEAR(sum, makespan, 1e-12); // one iteration: the breakdown is its time
    EXPECT_EQ(breakdown.value(QStringLiteral("lm_head")).toDouble(), 0);
    EXPECT_EQ(breakdown.value(QStringLiteral("all_reduce")).toDouble(), 0);
    EXPECT_GT(breakdown.value(QStringLiteral("mlp")).toDouble(),
        breakdown.value(QStringLiteral("qkv_projection")).toDouble());

    // The former combined preset still names both.
    const RunResult old
        = runBatching(values({ { "requests", 5 }, { "preset", "llama3-8b-h100-80gb" } }), WorkControl());
    ASSERT_TRUE(old.error.isEmpty()) << old.error.toStdString();
    EXPECT_EQ(old.data.value(QStringLiteral("model")).toString(), QStringLiteral("llama3-8b"));
    EXPECT_EQ(old.data.value(QStringLiteral("gpu")).toString(), QStringLiteral("h100-80gb"));

    // Llama-2-70B needs tensor parallelism on A100-80GBs; with four GPUs it runs and all-reduces.
    const RunResult alone
        = runBatching(values({ { "requests", 5 }, { "model", "llama2-70b" }, { "gpu", "a100-80gb" } }), WorkControl());
    EXPECT_TRUE(alone.error.startsWith(QStringLiteral("gpu_memory_gb: the weights"))) << alone.error.toStdString();
    const RunResult four = runBatching(
        values({ { "requests", 5 }, { "model", "llama2-70b" }, { "gpu", "a100-80gb" }, { "tensor_parallel", 4 } }),
        WorkControl());
    ASSERT_TRUE(four.error.isEmpty()) << four.error.toStdString();
    EXPECT_GT(four.data.value(QStringLiteral("iteration_breakdown"))
                  .toObject()
                  .value(QStringLiteral("all_reduce"))
                  .toDouble(),
        0);
}

TEST(batchingHeadless, PrefixCachingAndSwapKeys)
{
    // 20 requests of 512-token prompts that share their first 256 tokens (16 blocks of 16), one
    // at a time: the first computes the prefix, the other 19 find it: 19 × 256 of 20 × 512.
    const RunResult cached = runBatching(values({ { "policy", "paged" }, { "requests", 20 }, { "rate", 0.5 },
                                             { "shared_prefix_tokens", 256 }, { "prefix_caching", true } }),
        WorkControl());
    ASSERT_TRUE(cached.error.isEmpty()) << cached.error.toStdString();
    EXPECT_DOUBLE_EQ(cached.data.value(QStringLiteral("prefix_cache_hit_rate")).toDouble(), 19.0 * 256 / (20 * 512));
    const RunResult swapped = runBatching(values({ { "policy", "paged" }, { "arrival", "burst" }, { "requests", 300 },
                                              { "batch_size", 256 }, { "preemption", "swap" } }),
        WorkControl());
    ASSERT_TRUE(swapped.error.isEmpty()) << swapped.error.toStdString();
    EXPECT_GT(swapped.data.value(QStringLiteral("swapped_tokens")).toInt(), 0);
    EXPECT_GT(
        swapped.data.value(QStringLiteral("iteration_breakdown")).toObject().value(QStringLiteral("swap")).toDouble(),
        0);
}

TEST(batchingHeadless, TraceErrorsNameFileLineAndColumn)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.csv"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("arrival_s,prompt_tokens,output_tokens\n0,100,10\n0.5,100,ten\n");
    file.close();
    const RunResult bad = runBatching(values({ { "trace", path } }), WorkControl());
    EXPECT_TRUE(bad.error.contains(path + QStringLiteral(":3:9:"))) << bad.error.toStdString();

    QFile good(path);
    ASSERT_TRUE(good.open(QIODevice::WriteOnly));
    good.write("arrival_s,prompt_tokens,output_tokens\n0,100,10\n0.5,100,700\n");
    good.close();
    const RunResult result = runBatching(values({ { "trace", path } }), WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    EXPECT_EQ(result.data.value(QStringLiteral("completed")).toInt(), 2);
    EXPECT_EQ(result.data.value(QStringLiteral("output_tokens")).toInt(), 710);

    const RunResult missing
        = runBatching(values({ { "trace", dir.filePath(QStringLiteral("none.csv")) } }), WorkControl());
    EXPECT_TRUE(missing.error.contains(QStringLiteral("none.csv")));
}

TEST(batchingHeadless, BadValuesNameTheParameter)
{
    EXPECT_TRUE(
        runBatching(values({ { "batch_size", 0 } }), WorkControl()).error.contains(QStringLiteral("batch_size")));
    EXPECT_TRUE(runBatching(values({ { "policy", "fifo" } }), WorkControl()).error.contains(QStringLiteral("policy")));
    // A prompt that can never fit in the KV cache of OPT-13B on 40 GB.
    const RunResult tooLong
        = runBatching(values({ { "prompt_tokens", 20000 }, { "prompt_max", 20000 } }), WorkControl());
    EXPECT_TRUE(tooLong.error.contains(QStringLiteral("request 0"))) << tooLong.error.toStdString();
    const RunResult noMemory = runBatching(values({ { "gpu_memory_gb", 20.0 } }), WorkControl());
    EXPECT_TRUE(noMemory.error.contains(QStringLiteral("GPU memory"))) << noMemory.error.toStdString();
}

TEST(batchingView, StepsForwardAndBackOffscreen)
{
    BatchingView view;
    view.resize(1200, 800);
    view.setParameters(values({ { "requests", 40 }, { "policy", "chunked" }, { "arrival", "burst" } }));
    ASSERT_TRUE(waitIdle(view));
    ASSERT_NE(sessionOf(view), nullptr);
    EXPECT_EQ(view.currentStep(), 0);
    EXPECT_FALSE(view.canStepBackward());
    const QString atZero = view.statusText();
    QSignalSpy changed(&view, &ConceptView::stateChanged);
    for (int i = 0; i < 10; ++i)
        view.stepForward();
    EXPECT_EQ(changed.count(), 10);
    EXPECT_EQ(view.currentStep(), 10);
    EXPECT_EQ(sessionOf(view)->snapshot().iterations, 10);
    const QString afterTen = view.statusText();
    EXPECT_NE(afterTen, atZero);
    EXPECT_TRUE(afterTen.startsWith(QStringLiteral("iteration 10 · t = "))) << afterTen.toStdString();
    view.stepForward();
    view.stepBackward();
    EXPECT_EQ(view.currentStep(), 10);
    EXPECT_EQ(view.statusText(), afterTen);
    // Back to the start and forward again gives the same state.
    for (int i = 0; i < 10; ++i)
        view.stepBackward();
    EXPECT_EQ(view.currentStep(), 0);
    EXPECT_EQ(view.statusText(), atZero);
    EXPECT_FALSE(view.canStepBackward());
    for (int i = 0; i < 10; ++i)
        view.stepForward();
    EXPECT_EQ(view.statusText(), afterTen);
    int guard = 0;
    while (!view.atEnd() && guard++ < 100000)
        view.stepForward();
    EXPECT_TRUE(view.atEnd());
    EXPECT_EQ(view.currentTable().rows.size(), 40);
    EXPECT_NEAR(
        view.currentTable().rows.back().at(3).toDouble(), sessionOf(view)->run().records.back().finishSeconds, 1e-9);
    EXPECT_FALSE(view.grab().isNull());
    view.reset();
    EXPECT_EQ(view.currentStep(), 0);
    EXPECT_EQ(view.statusText(), atZero);
}

TEST(batchingView, ShowsBadParametersWithoutCrashing)
{
    BatchingView view;
    view.setParameters(values({ { "prompt_tokens", 20000 }, { "prompt_max", 20000 } }));
    ASSERT_TRUE(waitIdle(view));
    EXPECT_EQ(view.session(), nullptr);
    EXPECT_TRUE(view.inputError().contains(QStringLiteral("request 0"))) << view.inputError().toStdString();
    EXPECT_EQ(view.statusText(), view.inputError());
    view.stepForward();
    EXPECT_TRUE(view.atEnd());
    EXPECT_EQ(view.currentStep(), 0);
    // New parameters while the previous run is still computing.
    view.setParameters(values({ { "requests", 20000 } }));
    view.setParameters(values({ { "requests", 50 } }));
    ASSERT_TRUE(waitIdle(view));
    EXPECT_TRUE(view.inputError().isEmpty());
    ASSERT_NE(sessionOf(view), nullptr);
    EXPECT_EQ(sessionOf(view)->scenario().requests.size(), 50u);
    view.stepForward();
    EXPECT_EQ(view.currentStep(), 1);
}

TEST(batchingView, IterationsPerStepChangesWithoutLosingThePosition)
{
    BatchingView view;
    ParameterValues parameters = values({ { "requests", 60 }, { "arrival", "burst" }, { "iterations_per_step", 10 } });
    view.setParameters(parameters);
    ASSERT_TRUE(waitIdle(view));
    const BatchingSession *session = sessionOf(view);
    ASSERT_NE(session, nullptr);
    view.stepForward();
    view.stepForward();
    EXPECT_EQ(session->snapshot().iterations, 20);
    parameters.insert(QStringLiteral("iterations_per_step"), 100);
    view.setParameters(parameters);
    EXPECT_FALSE(view.isBusy());
    EXPECT_EQ(sessionOf(view), session); // the same session, at the same step
    EXPECT_EQ(view.currentStep(), 2);
    view.stepForward();
    EXPECT_EQ(session->snapshot().iterations, 120);
    view.stepBackward();
    EXPECT_EQ(session->snapshot().iterations, 20);
    // Any other change builds a new session at step 0.
    parameters.insert(QStringLiteral("batch_size"), 4);
    view.setParameters(parameters);
    ASSERT_TRUE(waitIdle(view));
    ASSERT_NE(sessionOf(view), nullptr);
    EXPECT_EQ(view.currentStep(), 0);
    EXPECT_EQ(sessionOf(view)->iterationsPerStep(), 100);
}

TEST(batchingView, DrawsAStepsSessionAndComparesPolicies)
{
    std::unique_ptr<BatchingSession> session
        = createBatchingSession(values({ { "requests", 30 }, { "policy", "paged" } }), WorkControl());
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(session->stepForward());
    const double now = session->snapshot().nowSeconds;
    BatchingView view;
    view.resize(1200, 800);
    view.showSession(std::move(session));
    EXPECT_EQ(view.currentStep(), 5);
    EXPECT_TRUE(view.isBusy()); // the comparison runs; headless export waits for it
    ASSERT_TRUE(waitIdle(view));
    auto *timeline = view.findChild<TimelineView *>();
    ASSERT_NE(timeline, nullptr);
    EXPECT_EQ(timeline->cursorTime(), now);
    EXPECT_EQ(timeline->rowCount(), 8); // the default batch_size
    EXPECT_EQ(static_cast<std::size_t>(timeline->bars().size()), sessionOf(view)->run().stints.size());
    auto *table = view.findChild<QTableWidget *>();
    ASSERT_NE(table, nullptr);
    // One column per policy (paged is the fourth), one row per metric.
    EXPECT_EQ(table->horizontalHeaderItem(4)->text(), QStringLiteral("paged"));
    EXPECT_EQ(table->item(0, 0)->text(), QStringLiteral("tokens/s"));
    EXPECT_FALSE(table->item(0, 4)->text().isEmpty());
    EXPECT_TRUE(table->item(0, 4)->font().bold());
    EXPECT_FALSE(table->item(0, 1)->font().bold());
}

TEST(batchingView, HighlightsASlotRowOrARequestsBars)
{
    BatchingView view;
    view.resize(1000, 600);
    view.setParameters(values({ { "requests", 20 }, { "arrival", "burst" }, { "batch_size", 8 } }));
    ASSERT_TRUE(waitIdle(view));
    const BatchingSession *session = sessionOf(view);
    ASSERT_NE(session, nullptr);
    auto *timeline = view.findChild<SlotTimeline *>();
    ASSERT_NE(timeline, nullptr);
    EXPECT_TRUE(timeline->marks().isEmpty());
    const QImage plain = timeline->grab().toImage();

    view.setHighlight(QStringLiteral("slot:3"));
    const RunAnalysis &run = session->run();
    ASSERT_EQ(timeline->marks().size(), 1);
    EXPECT_EQ(timeline->marks().front(), (TimelineMark { 3, run.timeStartSeconds, run.timeEndSeconds }));
    EXPECT_NE(timeline->grab().toImage(), plain); // drawn, even at step 0 where the bars are faded

    // Request 2 stays once, in slot 2 (continuous batching, burst: slots fill in request order).
    view.setHighlight(QStringLiteral("request:2"));
    ASSERT_EQ(timeline->marks().size(), 1);
    const Stint &stay = run.stints[2];
    ASSERT_EQ(stay.request, 2);
    EXPECT_EQ(timeline->marks().front(), (TimelineMark { 2, stay.startSeconds, stay.endSeconds }));

    view.setHighlight(QStringLiteral("node:1"));
    EXPECT_TRUE(timeline->marks().isEmpty());
    EXPECT_EQ(timeline->grab().toImage(), plain);
}

TEST(batchingHeadless, ACancelledRunSaysSo)
{
    WorkControl control;
    control.cancel();
    const RunResult result = runBatching(values({ { "requests", 5000 } }), control);
    EXPECT_TRUE(result.cancelled);
    EXPECT_TRUE(result.error.isEmpty());
}

TEST(batchingTimelineView, FindsBarsZoomsAndClamps)
{
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

TEST(batchingView, SwitchesModelGpuAndParallelismAboveTheTimeline)
{
    BatchingView view;
    view.resize(1280, 800);
    view.setParameters(values({ { "requests", 20 }, { "preset", "llama2-7b-a100-80gb" } }));
    ASSERT_TRUE(waitIdle(view));
    ASSERT_NE(sessionOf(view), nullptr);
    EXPECT_EQ(sessionOf(view)->scenario().modelId, "llama2-7b");
    QList<QComboBox *> boxes = view.findChildren<QComboBox *>();
    QComboBox *gpu = nullptr;
    for (QComboBox *box : boxes)
        if (box->findData(QStringLiteral("h100-80gb")) >= 0)
            gpu = box;
    ASSERT_NE(gpu, nullptr);
    EXPECT_EQ(gpu->currentData().toString(), QStringLiteral("a100-80gb"));
    QStringList edited;
    QObject::connect(&view, &ConceptView::parameterEdited,
        [&](const QString &key, const QVariant &value) { edited << key + QLatin1Char('=') + value.toString(); });
    emit gpu->activated(gpu->findData(QStringLiteral("h100-80gb")));
    ASSERT_TRUE(waitIdle(view));
    // The former preset would override the choice, so it becomes its model and GPU.
    EXPECT_EQ(edited,
        (QStringList { QStringLiteral("preset=none"), QStringLiteral("model=llama2-7b"),
            QStringLiteral("gpu=a100-80gb"), QStringLiteral("gpu=h100-80gb") }));
    ASSERT_NE(sessionOf(view), nullptr);
    EXPECT_EQ(sessionOf(view)->scenario().gpuId, "h100-80gb");
    EXPECT_EQ(sessionOf(view)->scenario().modelId, "llama2-7b");
}

TEST(batchingView, BarsAreColouredByPhaseAsTheLegendSays)
{
    // The legend names one colour per phase; every bar uses exactly those, whatever its request.
    BatchingView view;
    view.resize(1280, 800);
    auto *legend = view.findChild<PhaseLegendWidget *>();
    ASSERT_NE(legend, nullptr);
    QStringList texts;
    QList<Phase> phases;
    for (const PhaseLegendEntry &entry : legend->entries()) {
        texts << entry.text;
        phases << entry.phase;
    }
    EXPECT_EQ(texts,
        (QStringList { "prefill", "decode", "finished, slot held (idle)", "preempted", "free slot", "now",
            "KV reserved, not yet used" }));
    EXPECT_EQ(phaseColor(Phase::Prefill), QColor(0x1a, 0x2f, 0x6b));
    EXPECT_EQ(phaseColor(Phase::Decode), QColor(0x2f, 0x7f, 0xd9));
    EXPECT_EQ(phaseColor(Phase::Reserved), QColor(0xbf, 0xdb, 0xf5));
    EXPECT_EQ(phaseBrush(Phase::Idle).style(), Qt::BDiagPattern);

    // Static batches hold finished rows (idle); paged with long answers preempts.
    for (const char *policy : { "static", "paged" }) {
        const std::unique_ptr<BatchingSession> session
            = createBatchingSession(values({ { "policy", policy }, { "batch_size", 64 }, { "arrival", "burst" },
                                        { "requests", 64 }, { "output_mean", 512.0 }, { "output_max", 2048 } }),
                WorkControl());
        const QList<TimelineBar> bars = timelineBars(session->run());
        ASSERT_EQ(static_cast<std::size_t>(bars.size()), session->run().stints.size());
        int idle = 0;
        int preempted = 0;
        for (const TimelineBar &bar : bars) {
            const Stint &stint = session->run().stints[static_cast<std::size_t>(bar.id)];
            ASSERT_FALSE(bar.segments.isEmpty());
            EXPECT_EQ(bar.segments[0].brush, phaseBrush(Phase::Prefill)) << policy << " stint " << bar.id;
            // After the prefill: decode up to the last token, then idle while the slot is held.
            for (qsizetype k = 1; k < bar.segments.size(); ++k) {
                const bool held = bar.segments[k].startTime >= stint.decodeEndSeconds;
                EXPECT_EQ(bar.segments[k].brush, phaseBrush(held ? Phase::Idle : Phase::Decode));
            }
            if (stint.endSeconds > stint.decodeEndSeconds) {
                ++idle;
                EXPECT_EQ(bar.segments.back().brush, phaseBrush(Phase::Idle));
            }
            if (stint.preempted) {
                ++preempted;
                EXPECT_EQ(bar.outline, phaseColor(Phase::Preempted));
            } else {
                EXPECT_FALSE(bar.outline.isValid());
            }
        }
        if (QLatin1String(policy) == QLatin1String("static"))
            EXPECT_GT(idle, 0);
        else
            EXPECT_EQ(preempted, session->run().summary.preemptions);
    }
}

TEST(batchingView, DefaultWorkloadIsSmallAndShortToPlay)
{
    // A first look: 16 requests in 8 slots, done in well under a minute at 8 steps a second of
    // one iteration each (fewer than 480 iterations).
    const ParameterValues defaults = batchingSchema().defaults();
    EXPECT_EQ(defaults.value(QStringLiteral("requests")).toLongLong(), 16);
    EXPECT_EQ(defaults.value(QStringLiteral("batch_size")).toLongLong(), 8);
    const std::unique_ptr<BatchingSession> session = createBatchingSession(defaults, WorkControl());
    EXPECT_EQ(session->scenario().requests.size(), 16u);
    EXPECT_LT(session->run().summary.iterations, 400);
    EXPECT_GT(session->run().summary.iterations, 100);
    EXPECT_EQ(session->run().summary.completed, 16);
}

TEST(batchingView, BusyServerExampleKeepsTheFormerDefaults)
{
    const ParameterValues busy = scenarioValues(QStringLiteral(":/batching/busy-server.conceptlab.json"));
    EXPECT_EQ(busy.value(QStringLiteral("requests")).toLongLong(), 200);
    EXPECT_EQ(busy.value(QStringLiteral("batch_size")).toLongLong(), 32);
    EXPECT_EQ(busy.value(QStringLiteral("policy")).toString(), QStringLiteral("continuous"));
    EXPECT_EQ(busy.value(QStringLiteral("iterations_per_step")).toLongLong(), 10);
    EXPECT_EQ(busy.size(), batchingSchema().defaults().size()); // complete: defaults overlaid
    EXPECT_EQ(scenarioValues(QString()), batchingSchema().defaults());
    EXPECT_THROW(scenarioValues(QStringLiteral(":/batching/none.conceptlab.json")), InputError);

    // Reachable from the view: its Examples menu loads the scenario and tells the shell.
    BatchingView view;
    view.setParameters(batchingSchema().defaults());
    ASSERT_TRUE(waitIdle(view));
    QToolButton *examples = nullptr;
    for (QToolButton *button : view.findChildren<QToolButton *>())
        if (button->text() == QStringLiteral("Examples"))
            examples = button;
    ASSERT_NE(examples, nullptr);
    ASSERT_NE(examples->menu(), nullptr);
    QAction *busyAction = nullptr;
    for (QAction *action : examples->menu()->actions())
        if (action->text().startsWith(QStringLiteral("Busy server")))
            busyAction = action;
    ASSERT_NE(busyAction, nullptr);
    QStringList edited;
    QObject::connect(&view, &ConceptView::parameterEdited,
        [&](const QString &key, const QVariant &value) { edited << key + QLatin1Char('=') + value.toString(); });
    busyAction->trigger();
    ASSERT_TRUE(waitIdle(view));
    ASSERT_NE(sessionOf(view), nullptr);
    EXPECT_EQ(sessionOf(view)->scenario().requests.size(), 200u);
    EXPECT_EQ(sessionOf(view)->scenario().config.batchSize, 32);
    EXPECT_TRUE(edited.contains(QStringLiteral("requests=200"))) << edited.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(edited.contains(QStringLiteral("batch_size=32")));
}

TEST(batchingView, SaysWhySlotsStayEmpty)
{
    // The lesson's case: 64 slots, continuous batching reserves 512 + 512 tokens per sequence,
    // so 17 fit the 17 456-token KV cache of OPT-13B on an A100-40GB and 47 slots stay empty.
    BatchingView view;
    view.resize(1280, 800);
    view.setParameters(
        values({ { "policy", "continuous" }, { "batch_size", 64 }, { "arrival", "burst" }, { "requests", 64 } }));
    ASSERT_TRUE(waitIdle(view));
    ASSERT_NE(sessionOf(view), nullptr);
    for (int i = 0; i < 40; ++i)
        view.stepForward();
    const StepSnapshot now = sessionOf(view)->snapshot();
    EXPECT_EQ(now.running, 17);
    EXPECT_EQ(now.outlook.reason, SlotOutlook::Reason::KvReserved);
    EXPECT_EQ(now.outlook.emptySlots, 47);
    auto *reason = view.findChild<QLabel *>(QStringLiteral("slotReason"));
    ASSERT_NE(reason, nullptr);
    EXPECT_TRUE(reason->text().startsWith(QStringLiteral("47 of 64 slots empty while 40 requests wait: each sequence "
                                                         "reserves KV for its prompt plus the longest possible answer "
                                                         "(output_max = 512 tokens).")))
        << reason->text().toStdString();
    EXPECT_EQ(reason->text(), QString::fromStdString(now.slotReason));

    // All slots busy: it says so instead.
    view.setParameters(values({ { "batch_size", 4 }, { "arrival", "burst" }, { "requests", 16 },
        { "output_dist", "fixed" }, { "output_mean", 10.0 } }));
    ASSERT_TRUE(waitIdle(view));
    view.stepForward();
    EXPECT_EQ(reason->text(), QStringLiteral("All 4 slots are in use; 12 requests wait for a free slot."));
}

TEST(batchingView, ComparesPoliciesOnOneTimeAxisWithP99Tpot)
{
    BatchingView view;
    view.resize(1280, 800);
    view.setParameters(values({ { "requests", 30 } }));
    ASSERT_TRUE(waitIdle(view));
    auto *table = view.findChild<QTableWidget *>();
    ASSERT_NE(table, nullptr);
    QStringList metrics;
    for (int row = 0; row < table->rowCount(); ++row)
        metrics << table->item(row, 0)->text();
    const qsizetype p99 = metrics.indexOf(QStringLiteral("TPOT p99 ms"));
    ASSERT_GE(p99, 0) << metrics.join(QLatin1Char('|')).toStdString();
    EXPECT_EQ(metrics.indexOf(QStringLiteral("TPOT p50 ms")), p99 - 1);
    const std::vector<ComparisonRow> rows = comparePolicies(sessionOf(view)->scenario(), WorkControl());
    ASSERT_EQ(table->columnCount(), 6);
    for (int column = 1; column < table->columnCount(); ++column) {
        const double expected = 1000.0 * rows[static_cast<std::size_t>(column - 1)].summary.tpotSeconds.p99;
        EXPECT_EQ(table->item(static_cast<int>(p99), column)->text(),
            QLocale().toString(expected, 'f', expected >= 100 ? 0 : 1));
        EXPECT_GT(expected, 0);
    }

    // One chart, one line per policy, requests finished (0 … 30) over the same time axis.
    auto *chart = view.findChild<PolicyChart *>();
    ASSERT_NE(chart, nullptr);
    const QList<QAbstractSeries *> series = chart->chart()->series();
    ASSERT_EQ(series.size(), 5);
    EXPECT_EQ(series[0]->name(), QStringLiteral("static"));
    EXPECT_EQ(series[4]->name(), QStringLiteral("chunked"));
    for (QAbstractSeries *line : series) {
        auto *points = qobject_cast<QLineSeries *>(line);
        ASSERT_NE(points, nullptr);
        EXPECT_EQ(points->points().front().y(), 0);
        EXPECT_EQ(points->points().back().y(), 30);
        EXPECT_EQ(line->attachedAxes().size(), 2);
        EXPECT_EQ(line->attachedAxes().front(), series[0]->attachedAxes().front()); // one shared time axis
    }
}

TEST(batchingView, TheRunsChartsAreSeparateWithOneYAxisEach)
{
    BatchingView view;
    view.resize(1280, 800);
    view.setParameters(batchingSchema().defaults());
    ASSERT_TRUE(waitIdle(view));
    auto *charts = view.findChild<BatchingCharts *>();
    ASSERT_NE(charts, nullptr);
    for (const auto which : { BatchingCharts::Chart::Throughput, BatchingCharts::Chart::Waiting,
             BatchingCharts::Chart::Kv, BatchingCharts::Chart::Latency }) {
        QChart *chart = charts->chart(which);
        EXPECT_EQ(chart->axes(Qt::Vertical).size(), 1);
        EXPECT_EQ(chart->axes(Qt::Horizontal).size(), 1);
    }
}

TEST(batchingView, ModelSizeIsThePresetsNotZero)
{
    // The header names the model with its size.
    BatchingView view;
    view.setParameters(batchingSchema().defaults());
    ASSERT_TRUE(waitIdle(view));
    EXPECT_TRUE(view.figureSubtitle().contains(QStringLiteral("OPT-13B (12.85 B parameters) on A100-40GB")))
        << view.figureSubtitle().toStdString();

    // The parameter panel shows the preset's value where 0 stands for it.
    ParameterPanel panel(batchingSchema());
    auto *size = panel.findChild<QAbstractSpinBox *>(QStringLiteral("model_params_b"));
    ASSERT_NE(size, nullptr);
    EXPECT_EQ(size->text(), QStringLiteral("OPT-13B: 12.85 billion"));
    EXPECT_FALSE(size->text().contains(QStringLiteral("0.00")));
    auto *memory = panel.findChild<QAbstractSpinBox *>(QStringLiteral("gpu_memory_gb"));
    ASSERT_NE(memory, nullptr);
    EXPECT_EQ(memory->text(), QStringLiteral("A100-40GB SXM: 40 GB"));
    panel.setValue(QStringLiteral("model"), QStringLiteral("llama2-7b"));
    EXPECT_EQ(size->text(), QStringLiteral("Llama-2-7B: 6.74 billion"));
    // An override is shown as a number.
    panel.setValue(QStringLiteral("model_params_b"), 7.5);
    EXPECT_EQ(size->text(), QLocale().toString(7.5, 'f', 2) + QStringLiteral(" billion"));
}

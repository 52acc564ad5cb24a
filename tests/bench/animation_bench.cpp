// Animation export of a real view: 60 frames of the batching module at 1280×720, the whole
// export (drawing on this thread, encoding on worker threads) and the encoding alone, for GIF
// and WebP with one and two encoding threads. Run by hand:
//   QT_QPA_PLATFORM=offscreen build/dev/tests/bench/animation_bench
#include "animationencoder.h"
#include "animationexport.h"
#include "conceptmodule.h"
#include "moduleregistry.h"
#include "viewrenderer.h"

#include <QApplication>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

using namespace conceptlab;

namespace {

constexpr int kFrames = 60;
const QSize kSize(1280, 720);

struct Fixture {
    Fixture()
    {
        static int argc = 1;
        static char name[] = "animation_bench";
        static char *argv[] = { name, nullptr };
        qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QApplication>(argc, argv);
        registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
        module = registry.load(QStringLiteral("batching"));
    }
    std::unique_ptr<QApplication> application;
    ModuleRegistry registry;
    ConceptModule *module = nullptr;
};

Fixture &fixture()
{
    static Fixture instance;
    return instance;
}

/// The 60 frames, drawn once.
const std::vector<QImage> &frames()
{
    static const std::vector<QImage> drawn = [] {
        std::vector<QImage> images;
        ConceptModule *module = fixture().module;
        SteppedSession stepped = steppedSession(*module, module->parameters().defaults(), StepRequest::at(0));
        std::unique_ptr<ConceptView> view(module->createView(nullptr));
        view->showSession(std::move(stepped.session));
        waitWhileBusy(view.get());
        for (int i = 0; i < kFrames; ++i) {
            images.push_back(
                renderFigureImage(view.get(), kSize, { QStringLiteral("Batching"), view->currentStep(), -1 }));
            view->stepForward();
            waitWhileBusy(view.get());
        }
        return images;
    }();
    return drawn;
}

} // namespace

// The whole export, as `conceptlab export batching --steps 0:59 --size 1280x720` runs it.
static void BM_ExportAnimation(benchmark::State &state, const char *suffix)
{
    ConceptModule *module = fixture().module;
    if (!module) {
        state.SkipWithError("the batching module is not built");
        return;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.") + QLatin1String(suffix));
    for (auto _ : state) {
        const ExportResult result
            = exportAnimation(*module, QStringLiteral("Batching"), module->parameters().defaults(), path, kSize,
                QStringLiteral("0:%1").arg(kFrames - 1), QStringLiteral("12"));
        if (result.outcome != ExportOutcome::Written)
            state.SkipWithError(result.message.toUtf8().constData());
    }
    state.counters["frames/s"] = benchmark::Counter(kFrames, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK_CAPTURE(BM_ExportAnimation, gif, "gif")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_ExportAnimation, webp, "webp")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Drawing alone: the part on the GUI thread.
static void BM_DrawFrames(benchmark::State &state)
{
    ConceptModule *module = fixture().module;
    if (!module) {
        state.SkipWithError("the batching module is not built");
        return;
    }
    for (auto _ : state) {
        SteppedSession stepped = steppedSession(*module, module->parameters().defaults(), StepRequest::at(0));
        std::unique_ptr<ConceptView> view(module->createView(nullptr));
        view->showSession(std::move(stepped.session));
        waitWhileBusy(view.get());
        for (int i = 0; i < kFrames; ++i) {
            benchmark::DoNotOptimize(
                renderFigureImage(view.get(), kSize, { QStringLiteral("Batching"), view->currentStep(), -1 }));
            view->stepForward();
            waitWhileBusy(view.get());
        }
    }
}
BENCHMARK(BM_DrawFrames)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Encoding alone, frames drawn beforehand; state.range(0) encoding threads.
static void BM_Encode(benchmark::State &state, AnimationFormat format)
{
    if (!fixture().module) {
        state.SkipWithError("the batching module is not built");
        return;
    }
    const std::vector<QImage> &images = frames();
    qint64 bytes = 0;
    for (auto _ : state) {
        const std::unique_ptr<AnimationEncoder> encoder
            = AnimationEncoder::create(format, kSize, 12, static_cast<int>(state.range(0)));
        for (const QImage &image : images)
            encoder->addFrame(image);
        encoder->finish();
        encoder->waitUntilDone();
        bytes = encoder->result().size();
    }
    state.counters["file_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK_CAPTURE(BM_Encode, gif, AnimationFormat::Gif)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_Encode, webp, AnimationFormat::WebP)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

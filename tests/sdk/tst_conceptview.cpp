// The SDK's view base and background job: playback forwarded to the session, the newest
// session wins, input errors and cancellation.
#include "conceptmodule.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace conceptlab;

namespace {

/// Counts from 0 to `end`; the drawn value records what showSnapshot() saw.
class CountingSession : public Session {
public:
    explicit CountingSession(int end)
        : m_end(end)
    {
    }
    void reset() override { m_step = 0; }
    bool stepForward() override { return m_step < m_end && (++m_step, true); }
    bool stepBackward() override { return m_step > 0 && (--m_step, true); }
    int currentStep() const override { return m_step; }
    bool atEnd() const override { return m_step == m_end; }
    std::string statusText() const override { return "at " + std::to_string(m_step); }
    Table currentTable() const override { return { { "end" }, { { std::to_string(m_end) } } }; }
    int end() const { return m_end; }

private:
    int m_end;
    int m_step = 0;
};

class CountingView : public ConceptView {
public:
    /// `end` < 0 is an input error; `delay` slows the factory down.
    void setParameters(const ParameterValues &values) override
    {
        const int end = values.value(QStringLiteral("end")).toInt();
        const int delayMs = values.value(QStringLiteral("delay_ms")).toInt();
        buildSession([end, delayMs](const WorkControl &control) -> std::unique_ptr<Session> {
            for (int waited = 0; waited < delayMs; waited += 5) {
                control.checkpoint();
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            if (end < 0)
                throw InputError("end: must be at least 0");
            return std::make_unique<CountingSession>(end);
        });
    }
    int drawnEnd = -1;
    int drawnStep = -1;
    int draws = 0;

protected:
    void showSnapshot() override
    {
        ++draws;
        const auto *counting = static_cast<const CountingSession *>(session());
        drawnEnd = counting ? counting->end() : -1;
        drawnStep = counting ? counting->currentStep() : -1;
    }
};

ParameterValues values(int end, int delayMs = 0)
{
    return { { QStringLiteral("end"), end }, { QStringLiteral("delay_ms"), delayMs } };
}

} // namespace

TEST(ConceptView, ForwardsPlaybackToTheSessionAndRedraws)
{
    CountingView view;
    QSignalSpy changed(&view, &ConceptView::stateChanged);
    view.setParameters(values(3));
    EXPECT_TRUE(view.isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy(), 5000);
    ASSERT_NE(view.session(), nullptr);
    EXPECT_EQ(view.drawnEnd, 3);
    EXPECT_EQ(view.drawnStep, 0);
    EXPECT_FALSE(view.canStepBackward());

    changed.clear();
    view.stepForward();
    view.stepForward();
    EXPECT_EQ(view.currentStep(), 2);
    EXPECT_EQ(view.drawnStep, 2);
    EXPECT_EQ(changed.count(), 2);
    EXPECT_EQ(view.statusText(), QStringLiteral("at 2"));
    view.stepForward();
    EXPECT_TRUE(view.atEnd());
    const int draws = view.draws;
    view.stepForward(); // at the end: nothing changes, nothing is redrawn
    EXPECT_EQ(view.currentStep(), 3);
    EXPECT_EQ(view.draws, draws);
    view.stepBackward();
    EXPECT_EQ(view.drawnStep, 2);
    view.reset();
    EXPECT_EQ(view.drawnStep, 0);
    EXPECT_EQ(view.currentTable().rows, QList<QStringList> { { QStringLiteral("3") } });
}

TEST(ConceptView, TheNewestSessionWins)
{
    CountingView view;
    view.setParameters(values(7, 300)); // slow, then superseded
    view.setParameters(values(2));
    QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy(), 5000);
    QTest::qWait(400); // long enough for the slow factory to have finished, were it not cancelled
    EXPECT_EQ(view.drawnEnd, 2);
    EXPECT_EQ(view.draws, 1);
}

TEST(ConceptView, AnInputErrorDropsTheSession)
{
    CountingView view;
    view.setParameters(values(4));
    QTRY_VERIFY_WITH_TIMEOUT(view.session() != nullptr, 5000);
    view.setParameters(values(-1));
    QTRY_VERIFY_WITH_TIMEOUT(!view.inputError().isEmpty(), 5000);
    EXPECT_EQ(view.inputError(), QStringLiteral("end: must be at least 0"));
    EXPECT_EQ(view.session(), nullptr);
    EXPECT_EQ(view.drawnEnd, -1);
    EXPECT_TRUE(view.atEnd());
    view.stepForward(); // no session: harmless
    view.setParameters(values(1));
    QTRY_VERIFY_WITH_TIMEOUT(view.session() != nullptr, 5000);
    EXPECT_TRUE(view.inputError().isEmpty());
}

TEST(ConceptView, ShowsASessionSteppedElsewhere)
{
    CountingView view;
    view.setParameters(values(9, 300));
    auto session = std::make_unique<CountingSession>(5);
    session->stepForward();
    session->stepForward();
    view.showSession(std::move(session)); // cancels the session being built
    EXPECT_FALSE(view.isBusy());
    EXPECT_EQ(view.drawnEnd, 5);
    EXPECT_EQ(view.drawnStep, 2);
    QTest::qWait(400);
    EXPECT_EQ(view.drawnEnd, 5);
}

TEST(BackgroundJob, ReportsProgressAndDeliversOnTheGuiThread)
{
    BackgroundJob job;
    QSignalSpy progress(&job, &BackgroundJob::progressChanged);
    int result = 0;
    bool onGuiThread = false;
    job.start<int>(
        [](const WorkControl &control) {
            for (int i = 1; i <= 4; ++i)
                control.report(i / 4.0);
            return 42;
        },
        [&](int value) {
            result = value;
            onGuiThread = QThread::currentThread() == qApp->thread();
        });
    QTRY_COMPARE_WITH_TIMEOUT(result, 42, 5000);
    EXPECT_TRUE(onGuiThread);
    EXPECT_FALSE(job.isRunning());
    ASSERT_GE(progress.count(), 1);
    EXPECT_DOUBLE_EQ(progress.last().at(0).toDouble(), 1.0);
}

TEST(BackgroundJob, CancelStopsTheWorkAndDropsItsResult)
{
    BackgroundJob job;
    std::atomic<bool> stopped { false };
    bool delivered = false;
    job.start<int>(
        [&](const WorkControl &control) {
            try {
                while (true) {
                    control.checkpoint();
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
            } catch (const Cancelled &) {
                stopped = true;
                throw;
            }
            return 0;
        },
        [&](int) { delivered = true; });
    EXPECT_TRUE(job.isRunning());
    job.cancel();
    EXPECT_FALSE(job.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(stopped.load(), 5000);
    QTest::qWait(50);
    EXPECT_FALSE(delivered);
}

TEST(BackgroundJob, AFailureArrivesAsItsMessage)
{
    BackgroundJob job;
    QString error;
    job.start<int>([](const WorkControl &) -> int { throw InputError("line 2:5: unexpected ')'"); }, [](int) {},
        [&](const QString &message) { error = message; });
    QTRY_COMPARE_WITH_TIMEOUT(error, QStringLiteral("line 2:5: unexpected ')'"), 5000);
}

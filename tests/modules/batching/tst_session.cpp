// The batching session: steps of N scheduler iterations, exact step back, reset, the end, the
// current table, status text and highlight targets, against hand-computed times.
#include "batchingfixtures.h"
#include "core/batchingsession.h"

#include <workcontrol.h>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace conceptlab;
using namespace conceptlab::batching;

namespace {

constexpr double kTolerance = 1e-12;

// batchingPolicies.ContinuousLetsTheThirdJoinMidBatch: R0 200/2, R1 200/4, R2 200/3 at time 0,
// 2 slots; five iterations ending at t1 … t5.
constexpr double kT1 = 0.008;
constexpr double kT2 = kT1 + 0.002001608;
constexpr double kT3 = kT2 + 0.00402;
constexpr double kT4 = kT3 + 0.002001616;
constexpr double kT5 = kT4 + 0.002000808;

BatchingSession threeRequests(int iterationsPerStep)
{
    Scenario scenario;
    scenario.model = test::roundModel(10000);
    scenario.config.policy = Policy::Continuous;
    scenario.config.batchSize = 2;
    scenario.config.outputLimitTokens = 8;
    scenario.requests = { { 0, 200, 2 }, { 0, 200, 4 }, { 0, 200, 3 } };
    scenario.presetId = "round";
    return BatchingSession(std::move(scenario), iterationsPerStep, WorkControl());
}

/// Everything a view or an export can see of the current state.
struct Observed {
    int step = 0;
    std::int64_t iterations = 0;
    double nowSeconds = 0;
    std::string status;
    Table table;
    std::vector<std::tuple<int, int, std::int64_t, std::int64_t, bool>> live;

    bool operator==(const Observed &other) const
    {
        return step == other.step && iterations == other.iterations && nowSeconds == other.nowSeconds
            && status == other.status && table.header == other.table.header && table.rows == other.table.rows
            && live == other.live;
    }
};

Observed observe(const BatchingSession &session)
{
    const StepSnapshot snapshot = session.snapshot();
    Observed observed { snapshot.step, snapshot.iterations, snapshot.nowSeconds, session.statusText(),
        session.currentTable(), {} };
    for (const LiveSequence &sequence : snapshot.live)
        observed.live.emplace_back(
            sequence.request, sequence.slot, sequence.storedTokens, sequence.reservedTokens, sequence.prefilling);
    return observed;
}

} // namespace

TEST(batchingSession, StepsRunTheConfiguredIterations)
{
    BatchingSession session = threeRequests(2);
    EXPECT_EQ(session.currentStep(), 0);
    EXPECT_EQ(session.snapshot().nowSeconds, 0);
    EXPECT_FALSE(session.atEnd());
    ASSERT_TRUE(session.stepForward());
    EXPECT_EQ(session.snapshot().iterations, 2);
    EXPECT_NEAR(session.snapshot().nowSeconds, kT2, kTolerance);
    ASSERT_TRUE(session.stepForward());
    EXPECT_NEAR(session.snapshot().nowSeconds, kT4, kTolerance);
    ASSERT_TRUE(session.stepForward()); // only one iteration is left
    EXPECT_EQ(session.snapshot().iterations, 5);
    EXPECT_NEAR(session.snapshot().nowSeconds, kT5, kTolerance);
    EXPECT_TRUE(session.atEnd());
    EXPECT_EQ(session.currentStep(), 3);
    EXPECT_FALSE(session.stepForward());
    EXPECT_EQ(session.currentStep(), 3);
    // The whole run was analysed up front and ends where the stepper ends.
    EXPECT_NEAR(session.run().timeEndSeconds, kT5, kTolerance);
    EXPECT_EQ(session.run().summary.completed, 3);
}

TEST(batchingSession, StepBackIsExact)
{
    BatchingSession session = threeRequests(1);
    std::vector<Observed> seen = { observe(session) };
    while (session.stepForward())
        seen.push_back(observe(session));
    ASSERT_EQ(seen.size(), 6u);
    for (int step = 5; step > 0; --step) {
        ASSERT_TRUE(session.stepBackward());
        EXPECT_EQ(observe(session), seen[static_cast<std::size_t>(step - 1)]) << step;
    }
    EXPECT_FALSE(session.stepBackward());
    EXPECT_EQ(session.currentStep(), 0);

    // A step size changed midway: each step goes back to where it started.
    session.setIterationsPerStep(3);
    session.stepForward(); // iterations 0 → 3
    session.setIterationsPerStep(1);
    session.stepForward(); // 3 → 4
    EXPECT_EQ(session.snapshot().iterations, 4);
    session.stepBackward();
    EXPECT_EQ(observe(session).iterations, 3);
    EXPECT_EQ(observe(session).nowSeconds, seen[3].nowSeconds);
    session.stepBackward();
    EXPECT_EQ(observe(session), seen[0]);
}

TEST(batchingSession, ResetGoesBackToStepZero)
{
    BatchingSession session = threeRequests(4);
    const Observed start = observe(session);
    session.stepForward();
    session.stepForward();
    EXPECT_TRUE(session.atEnd());
    session.reset();
    EXPECT_EQ(observe(session), start);
    EXPECT_FALSE(session.atEnd());
    EXPECT_EQ(session.iterationsPerStep(), 4);
}

TEST(batchingSession, TableStatusAndSnapshotAfterOneIteration)
{
    BatchingSession session = threeRequests(1);
    session.stepForward(); // R0 and R1 prefilled together: 400 tokens, 8 ms
    const Table table = session.currentTable();
    const std::vector<std::string> header
        = { "id", "arrival_s", "first_token_s", "finish_s", "prompt_tokens", "output_tokens", "preemptions" };
    EXPECT_EQ(table.header, header);
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_EQ(table.rows[0], (std::vector<std::string> { "0", "0", "0.008", "-1", "200", "2", "0" }));
    EXPECT_EQ(table.rows[2], (std::vector<std::string> { "2", "0", "-1", "-1", "200", "3", "0" }));
    EXPECT_EQ(session.statusText(), "iteration 1 · t = 0.008 s · 2 running · 1 waiting · 0 of 3 done");
    const StepSnapshot snapshot = session.snapshot();
    EXPECT_EQ(snapshot.kvCapacityTokens, 10000);
    EXPECT_EQ(snapshot.blockSizeTokens, 0); // continuous reserves, no blocks
    ASSERT_EQ(snapshot.live.size(), 2u);
    // Each reserves prompt + output limit = 208 tokens and has stored its 200 prompt tokens.
    EXPECT_EQ(snapshot.live[1].request, 1);
    EXPECT_EQ(snapshot.live[1].slot, 1);
    EXPECT_EQ(snapshot.live[1].storedTokens, 200);
    EXPECT_EQ(snapshot.live[1].reservedTokens, 208);
    EXPECT_FALSE(snapshot.live[1].prefilling);
}

TEST(batchingSession, HighlightTargets)
{
    const BatchingSession session = threeRequests(1);
    const std::vector<std::string> targets = { "slot:0", "slot:1", "request:0", "request:1", "request:2" };
    EXPECT_EQ(session.highlightTargets(), targets);
    using Kind = HighlightTarget::Kind;
    EXPECT_EQ(parseHighlightTarget("slot:4"), (HighlightTarget { Kind::Slot, 4 }));
    EXPECT_EQ(parseHighlightTarget("request:17"), (HighlightTarget { Kind::Request, 17 }));
    for (const char *bad : { "", "slot", "slot:", "slot:-1", "slot:+1", "slot:1x", "node:1", "request:99999999999" })
        EXPECT_EQ(parseHighlightTarget(bad).kind, Kind::None) << bad;
}

TEST(batchingSession, RefusesScenariosThatCannotRun)
{
    Scenario scenario;
    scenario.model = test::roundModel(250);
    scenario.config.outputLimitTokens = 100;
    scenario.requests = { { 0, 200, 10 } };
    EXPECT_THROW(BatchingSession(scenario, 1, WorkControl()), InputError);
}

RC_GTEST_PROP(batchingSession, BackAndForthEqualsReplay, ())
{
    const int requests = *rc::gen::inRange(1, 30);
    Scenario scenario;
    scenario.model = test::roundModel(4000);
    scenario.config.policy
        = *rc::gen::element(Policy::Static, Policy::Dynamic, Policy::Continuous, Policy::Paged, Policy::Chunked);
    scenario.config.batchSize = *rc::gen::inRange(1, 6);
    scenario.config.blockSizeTokens = 4;
    scenario.config.tokenBudget = 64;
    scenario.config.outputLimitTokens = 20;
    double time = 0;
    for (int i = 0; i < requests; ++i) {
        time += *rc::gen::element(0.0, 0.001, 0.01);
        scenario.requests.push_back({ time, *rc::gen::inRange(1, 200), *rc::gen::inRange(1, 20) });
    }
    BatchingSession session(scenario, *rc::gen::inRange(1, 5), WorkControl());
    BatchingSession replay(scenario, session.iterationsPerStep(), WorkControl());
    const auto moves = *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>());
    for (const bool forward : moves) {
        if (forward)
            session.stepForward();
        else
            session.stepBackward();
    }
    for (int i = 0; i < session.currentStep(); ++i)
        RC_ASSERT(replay.stepForward());
    RC_ASSERT(observe(session) == observe(replay));
}

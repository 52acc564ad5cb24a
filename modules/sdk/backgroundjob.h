// Work off the GUI thread where the newest request wins: starting a job cancels the one
// before it, whose result is then dropped; progress arrives as a signal on the GUI thread.
#pragma once

#include "conceptlabsdk_export.h"
#include "workcontrol.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

namespace conceptlab {

class CONCEPTLAB_SDK_EXPORT BackgroundJob : public QObject {
    Q_OBJECT
public:
    explicit BackgroundJob(QObject *parent = nullptr);
    /// Cancels the running work and waits for it to stop.
    ~BackgroundJob() override;

    /// Runs `work` on a worker thread with a fresh WorkControl, cancelling the previous job.
    /// When it returns and no newer job was started, `done` gets its result on the GUI
    /// thread; if it throws, `failed` gets the message (nothing at all for Cancelled).
    template<class Result>
    void start(std::function<Result(const WorkControl &)> work, std::function<void(Result)> done,
        const std::function<void(const QString &)> &failed = {})
    {
        startErased(
            [work = std::move(work)](const WorkControl &control) -> std::shared_ptr<void> {
                return std::make_shared<Result>(work(control));
            },
            [done = std::move(done)](
                const std::shared_ptr<void> &result) { done(std::move(*static_cast<Result *>(result.get()))); },
            failed);
    }

    /// Stack size of the worker threads, for work that recurses deeply (e.g. over deep terms);
    /// set it before the first start().
    void setStackSize(unsigned stackSizeBytes) { m_pool.setStackSize(stackSizeBytes); }
    /// Cancels the running job (its result will not arrive).
    void cancel();
    bool isRunning() const { return m_running; }
    /// Progress of the running job, in [0, 1].
    double progress() const { return m_progress; }

Q_SIGNALS:
    /// The running job reported progress (at most about every percent).
    void progressChanged(double fraction, const QString &message);
    /// A job ended: its result or error was delivered, or it was cancelled by cancel().
    void runningChanged(bool running);

private:
    // Results travel type-erased (a move-only result such as a unique_ptr is fine).
    using ErasedWork = std::function<std::shared_ptr<void>(const WorkControl &)>;
    using ErasedDone = std::function<void(const std::shared_ptr<void> &)>;
    void startErased(ErasedWork work, ErasedDone done, std::function<void(const QString &)> failed);
    void setRunning(bool running);

    QThreadPool m_pool;
    std::shared_ptr<WorkControl> m_control;
    std::uint64_t m_generation = 0;
    bool m_running = false;
    double m_progress = 0;
};

} // namespace conceptlab

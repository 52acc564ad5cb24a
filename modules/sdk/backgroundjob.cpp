// BackgroundJob: one worker pool per owner, generation numbers decide which result counts.
#include "backgroundjob.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <exception>

namespace conceptlab {

BackgroundJob::BackgroundJob(QObject *parent)
    : QObject(parent)
{
    // A superseded job may still be finishing its last stretch while the new one starts.
    m_pool.setMaxThreadCount(2);
}

BackgroundJob::~BackgroundJob()
{
    if (m_control)
        m_control->cancel();
    // Queued deliveries to this object are discarded by Qt once it is gone; the workers
    // themselves must be done before it goes.
    m_pool.waitForDone();
}

void BackgroundJob::cancel()
{
    if (m_control)
        m_control->cancel();
    m_control.reset();
    ++m_generation;
    setRunning(false);
}

void BackgroundJob::setRunning(bool running)
{
    if (m_running == running)
        return;
    m_running = running;
    emit runningChanged(running);
}

void BackgroundJob::startErased(ErasedWork work, ErasedDone done, std::function<void(const QString &)> failed)
{
    if (m_control)
        m_control->cancel();
    const std::uint64_t generation = ++m_generation;
    // Progress is posted to the GUI thread only when it moved by a percent, to keep the
    // event queue short whatever the worker's reporting rate.
    auto lastPosted = std::make_shared<std::atomic<int>>(-1);
    m_control
        = std::make_shared<WorkControl>([this, generation, lastPosted](double fraction, std::string_view message) {
              const int percent = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 100));
              if (lastPosted->exchange(percent) == percent && message.empty())
                  return;
              QMetaObject::invokeMethod(
                  this,
                  [this, generation, fraction, text = QString::fromUtf8(message.data(), qsizetype(message.size()))] {
                      if (generation != m_generation)
                          return;
                      m_progress = fraction;
                      emit progressChanged(fraction, text);
                  },
                  Qt::QueuedConnection);
          });
    m_progress = 0;
    setRunning(true);
    m_pool.start([this, generation, control = m_control, work = std::move(work), done = std::move(done),
                     failed = std::move(failed)]() mutable {
        std::shared_ptr<void> result;
        QString error;
        bool cancelled = false;
        try {
            result = work(*control);
        } catch (const Cancelled &) {
            cancelled = true;
        } catch (const std::exception &exception) {
            error = QString::fromUtf8(exception.what());
        }
        if (cancelled || control->cancelled())
            return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, error, done = std::move(done), failed = std::move(failed)] {
                if (generation != m_generation)
                    return;
                m_control.reset();
                m_progress = 1;
                // Not running any more before the result is handed over: a handler may start
                // the next job, or open a dialog that should not sit behind a progress bar.
                setRunning(false);
                if (error.isEmpty())
                    done(result);
                else if (failed)
                    failed(error);
            },
            Qt::QueuedConnection);
    });
}

} // namespace conceptlab

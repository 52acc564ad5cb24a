// The frame pipeline shared by the GIF and WebP encoders: a bounded queue, worker threads
// that prepare frames in parallel, and writing in frame order.
#include "animationencoder.h"

#include "animationformats.h"

#include <algorithm>
#include <exception>

namespace conceptlab {

std::unique_ptr<AnimationEncoder> AnimationEncoder::create(AnimationFormat format, QSize size, int fps, int workerCount)
{
    std::unique_ptr<AnimationEncoder> encoder
        = format == AnimationFormat::Gif ? createGifEncoder(size, fps) : createWebPEncoder(size, fps);
    encoder->startWorkers(std::max(1, workerCount));
    return encoder;
}

AnimationEncoder::AnimationEncoder(QSize size, int fps)
    : m_size(size)
    , m_fps(std::clamp(fps, 1, 1000))
{
}

AnimationEncoder::~AnimationEncoder()
{
    // Subclasses stop the workers in their destructors (cancel()) before their own state goes.
    cancel();
}

void AnimationEncoder::startWorkers(int workerCount)
{
    for (int i = 0; i < workerCount; ++i)
        m_workers.emplace_back([this] { workerLoop(); });
}

void AnimationEncoder::addFrame(const QImage &frame)
{
    std::lock_guard lock(m_mutex);
    if (m_stopped || m_finishing)
        return;
    m_queue.push_back(Job { m_added++, m_previous, frame });
    m_previous = frame;
    m_changed.notify_all();
}

bool AnimationEncoder::isFull() const
{
    std::lock_guard lock(m_mutex);
    // Every frame waiting, being prepared or prepared but not yet written holds a whole picture:
    // enough to keep every worker busy, but at most about 256 MB of them (one at 8192 × 8192).
    constexpr long long kHeldBytes = 256LL << 20;
    const long long frameBytes = 4LL * m_size.width() * m_size.height();
    const auto capacity = static_cast<std::size_t>(
        std::clamp(kHeldBytes / std::max(frameBytes, 1LL), 1LL, 2LL * static_cast<long long>(m_workers.size()) + 1));
    const std::size_t held = m_queue.size() + m_ready.size() + static_cast<std::size_t>(m_running);
    return held >= capacity;
}

void AnimationEncoder::finish()
{
    std::lock_guard lock(m_mutex);
    m_finishing = true;
    m_changed.notify_all();
}

bool AnimationEncoder::isDone() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

void AnimationEncoder::waitUntilDone()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_done; });
}

void AnimationEncoder::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_done && m_error.isEmpty())
            m_error = QStringLiteral("cancelled");
        m_stopped = true;
        m_done = true;
        m_changed.notify_all();
    }
    for (std::thread &worker : m_workers)
        if (worker.joinable())
            worker.join();
    m_workers.clear();
}

QByteArray AnimationEncoder::result() const
{
    std::lock_guard lock(m_mutex);
    return m_result;
}

QString AnimationEncoder::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

int AnimationEncoder::frameStartMs(int index) const
{
    return static_cast<int>((static_cast<long long>(index) * 1000 + m_fps / 2) / m_fps);
}

void AnimationEncoder::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
    m_result.clear();
    m_stopped = true;
    m_done = true;
    m_changed.notify_all();
}

void AnimationEncoder::workerLoop()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        m_changed.wait(lock, [this] { return m_stopped || !m_queue.empty() || m_finishing; });
        if (m_stopped)
            return;
        if (m_queue.empty()) {
            // Finishing: the worker that finds every frame written assembles the file.
            if (m_done)
                return;
            if (m_written != m_added || m_writing) {
                m_changed.wait(lock,
                    [this] { return m_stopped || m_done || !m_queue.empty() || (m_written == m_added && !m_writing); });
                continue;
            }
            m_writing = true;
            lock.unlock();
            QByteArray bytes;
            QString error;
            try {
                bytes = assemble(m_added);
            } catch (const std::exception &exception) {
                error = QString::fromUtf8(exception.what());
            }
            lock.lock();
            m_writing = false;
            if (!error.isEmpty()) {
                fail(error);
                return;
            }
            m_result = std::move(bytes);
            m_done = true;
            m_changed.notify_all();
            return;
        }
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_running;
        lock.unlock();
        std::unique_ptr<PreparedFrame> prepared;
        QString error;
        try {
            prepared = prepare(job.index, job.previous, job.frame);
        } catch (const std::exception &exception) {
            error = QString::fromUtf8(exception.what());
        }
        const int index = job.index;
        job = Job();
        lock.lock();
        --m_running;
        if (!error.isEmpty()) {
            fail(error);
            return;
        }
        m_ready.emplace(index, std::move(prepared));
        writeReady(lock);
    }
}

void AnimationEncoder::writeReady(std::unique_lock<std::mutex> &lock)
{
    if (m_writing)
        return; // the worker writing now writes this frame too when its turn comes
    m_writing = true;
    while (!m_stopped) {
        const auto next = m_ready.find(m_written);
        if (next == m_ready.end())
            break;
        std::unique_ptr<PreparedFrame> frame = std::move(next->second);
        m_ready.erase(next);
        const int index = m_written;
        lock.unlock();
        QString error;
        try {
            write(index, *frame);
        } catch (const std::exception &exception) {
            error = QString::fromUtf8(exception.what());
        }
        frame.reset();
        lock.lock();
        if (!error.isEmpty()) {
            m_writing = false;
            fail(error);
            return;
        }
        ++m_written;
    }
    m_writing = false;
    m_changed.notify_all();
}

int gifDelayCentiseconds(int index, int fps)
{
    if (fps > 50)
        return 2;
    const auto startCs = [fps](long long frame) { return (frame * 100 + fps / 2) / fps; };
    return static_cast<int>(std::max(2LL, startCs(index + 1LL) - startCs(index)));
}

} // namespace conceptlab

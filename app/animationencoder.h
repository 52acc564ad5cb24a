// Encoding animation frames to an animated GIF or WebP off the GUI thread: frames are queued
// in order, prepared by worker threads (in parallel where the format allows) and written in
// order into a file image kept in memory.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace conceptlab {

enum class AnimationFormat { Gif, WebP };

/// A frame after the parallel part of its encoding (e.g. GIF's colour quantisation).
struct PreparedFrame {
    virtual ~PreparedFrame() = default;
};

/// Frames in, an animated picture out. addFrame() never blocks: the caller renders the next
/// frame while earlier ones are encoded, and waits (without blocking) while isFull().
class AnimationEncoder {
public:
    /// An encoder for `format`, frames of `size` pixels shown at `fps` frames per second,
    /// looping forever. `workerCount` threads prepare frames where the format allows it.
    static std::unique_ptr<AnimationEncoder> create(AnimationFormat format, QSize size, int fps, int workerCount = 2);
    virtual ~AnimationEncoder();
    AnimationEncoder(const AnimationEncoder &) = delete;
    AnimationEncoder &operator=(const AnimationEncoder &) = delete;

    /// Queues the next frame: opaque, size() pixels, ARGB32 (premultiplied or not).
    void addFrame(const QImage &frame);
    /// Enough frames are queued; add the next one later.
    bool isFull() const;
    /// No more frames: the workers finish the queue, then the file is assembled.
    void finish();
    /// finish() was called and the file (or an error) is ready.
    bool isDone() const;
    /// Blocks until isDone().
    void waitUntilDone();
    /// Stops the workers; the result is discarded.
    void cancel();
    /// The encoded file, once isDone() with no error.
    QByteArray result() const;
    /// Why encoding failed; empty on success.
    QString error() const;
    QSize size() const { return m_size; }
    int fps() const { return m_fps; }

protected:
    AnimationEncoder(QSize size, int fps);
    /// Starts `workerCount` threads; called once by create().
    void startWorkers(int workerCount);
    /// The parallel part of encoding frame `index` (previous is null for the first); any thread.
    virtual std::unique_ptr<PreparedFrame> prepare(int index, const QImage &previous, const QImage &frame) = 0;
    /// Writes frame `index`; called in frame order, one at a time.
    virtual void write(int index, PreparedFrame &frame) = 0;
    /// After the last write: the whole file.
    virtual QByteArray assemble(int frameCount) = 0;
    /// Display time of frame `index` in milliseconds, so that frames average 1/fps.
    int frameStartMs(int index) const;

private:
    struct Job {
        int index = 0;
        QImage previous;
        QImage frame;
    };
    void workerLoop();
    void writeReady(std::unique_lock<std::mutex> &lock);
    void fail(const QString &message);

    QSize m_size;
    int m_fps;
    std::vector<std::thread> m_workers;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_queue;
    std::map<int, std::unique_ptr<PreparedFrame>> m_ready; // prepared, waiting for their turn
    QImage m_previous;
    int m_added = 0;
    int m_written = 0;
    int m_running = 0; // frames being prepared
    bool m_writing = false;
    bool m_finishing = false;
    bool m_done = false;
    bool m_stopped = false;
    QByteArray m_result;
    QString m_error;
};

/// The GIF delay of each frame in hundredths of a second, for `fps`: whole hundredths that add
/// up to the exact time, but never under 2 (browsers slow shorter delays down to 10).
int gifDelayCentiseconds(int index, int fps);

} // namespace conceptlab

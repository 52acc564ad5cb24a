// Animated GIF with giflib and libimagequant. Each frame stores only the rectangle that changed
// since the previous one, quantised to a palette of its own (at most 256 colours), so
// frames quantise in parallel and a change in one corner cannot shift the colours of another.
#include "animationformats.h"

#include <gif_lib.h>
#include <libimagequant.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

namespace conceptlab {

namespace {

    // libimagequant's speed 1 (best) to 10 (fastest). Frames of diagrams have few colours; 8
    // keeps them exact and quantises a 1280×720 frame in tens of milliseconds (4 makes files
    // a quarter smaller but encodes 2-3 times slower).
    constexpr int kQuantisationSpeed = 8;
    // Half-strength dithering: gradients and antialiasing stay smooth, while flat fills whose
    // colour is not in the palette stay flat instead of speckled (and compress better).
    constexpr float kDitheringLevel = 0.5F;

    struct GifFrame : PreparedFrame {
        QRect rect;
        std::vector<GifColorType> palette;
        std::vector<GifByteType> pixels; // rect.width() × rect.height() palette indices
        int transparentIndex = NO_TRANSPARENT_COLOR;
    };

    /// The smallest rectangle holding every pixel where `a` and `b` differ (one 32-bit format, one size).
    QRect changedRect(const QImage &a, const QImage &b)
    {
        const int width = a.width();
        const auto rowBytes = static_cast<std::size_t>(width) * 4;
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < a.height(); ++y) {
            if (std::memcmp(a.constScanLine(y), b.constScanLine(y), rowBytes) != 0) {
                if (top < 0)
                    top = y;
                bottom = y;
            }
        }
        if (top < 0)
            return {};
        int left = width;
        int right = -1;
        for (int y = top; y <= bottom; ++y) {
            const auto *rowA = reinterpret_cast<const quint32 *>(a.constScanLine(y));
            const auto *rowB = reinterpret_cast<const quint32 *>(b.constScanLine(y));
            for (int x = 0; x < left; ++x)
                if (rowA[x] != rowB[x]) {
                    left = x;
                    break;
                }
            for (int x = width - 1; x > right; --x)
                if (rowA[x] != rowB[x]) {
                    right = x;
                    break;
                }
        }
        return QRect(QPoint(left, top), QPoint(right, bottom));
    }

    struct LiqDeleter {
        void operator()(liq_attr *attr) const { liq_attr_destroy(attr); }
        void operator()(liq_image *image) const { liq_image_destroy(image); }
        void operator()(liq_result *result) const { liq_result_destroy(result); }
    };

    /// `rgba` (Format_RGBA8888, rows without padding) quantised into `frame`.
    void quantise(const QImage &rgba, GifFrame &frame)
    {
        const std::unique_ptr<liq_attr, LiqDeleter> attr(liq_attr_create());
        if (!attr)
            throw std::runtime_error("GIF: cannot start colour quantisation");
        liq_set_speed(attr.get(), kQuantisationSpeed);
        const std::unique_ptr<liq_image, LiqDeleter> image(
            liq_image_create_rgba(attr.get(), rgba.constBits(), rgba.width(), rgba.height(), 0));
        liq_result *rawResult = nullptr;
        if (!image || liq_image_quantize(image.get(), attr.get(), &rawResult) != LIQ_OK)
            throw std::runtime_error("GIF: colour quantisation failed");
        const std::unique_ptr<liq_result, LiqDeleter> result(rawResult);
        liq_set_dithering_level(result.get(), kDitheringLevel);
        frame.pixels.resize(static_cast<std::size_t>(rgba.width()) * static_cast<std::size_t>(rgba.height()));
        if (liq_write_remapped_image(result.get(), image.get(), frame.pixels.data(), frame.pixels.size()) != LIQ_OK)
            throw std::runtime_error("GIF: colour quantisation failed");
        const liq_palette *palette = liq_get_palette(result.get());
        for (unsigned int i = 0; i < palette->count; ++i)
            frame.palette.push_back(
                GifColorType { palette->entries[i].r, palette->entries[i].g, palette->entries[i].b });
    }

    int writeToBytes(GifFileType *gif, const GifByteType *data, int length)
    {
        static_cast<QByteArray *>(gif->UserData)->append(reinterpret_cast<const char *>(data), length);
        return length;
    }

    void check(int status, const char *what)
    {
        if (status != GIF_OK)
            throw std::runtime_error(std::string("GIF: cannot write the ") + what);
    }

    class GifEncoder : public AnimationEncoder {
    public:
        GifEncoder(QSize size, int fps)
            : AnimationEncoder(size, fps)
        {
        }
        ~GifEncoder() override
        {
            cancel();
            if (m_gif)
                EGifCloseFile(m_gif, nullptr);
        }
        GifEncoder(const GifEncoder &) = delete;
        GifEncoder &operator=(const GifEncoder &) = delete;

    protected:
        std::unique_ptr<PreparedFrame> prepare(int index, const QImage &previous, const QImage &frame) override
        {
            Q_UNUSED(index)
            auto prepared = std::make_unique<GifFrame>();
            // Frames come in one 32-bit format; comparing them as they are saves a conversion.
            const QImage current = frame.depth() == 32 ? frame : frame.convertToFormat(QImage::Format_ARGB32);
            prepared->rect
                = previous.isNull() ? current.rect() : changedRect(previous.convertToFormat(current.format()), current);
            if (prepared->rect.isEmpty()) {
                // Nothing changed: one transparent pixel still carries this frame's delay.
                prepared->rect = QRect(0, 0, 1, 1);
                prepared->palette = { GifColorType { 0, 0, 0 }, GifColorType { 0, 0, 0 } };
                prepared->pixels = { 0 };
                prepared->transparentIndex = 0;
                return prepared;
            }
            quantise(current.copy(prepared->rect).convertToFormat(QImage::Format_RGBA8888), *prepared);
            return prepared;
        }

        void write(int index, PreparedFrame &prepared) override
        {
            auto &frame = static_cast<GifFrame &>(prepared);
            if (index == 0)
                writeHeader();
            GraphicsControlBlock control {};
            control.DisposalMode = DISPOSE_DO_NOT;
            control.UserInputFlag = false;
            control.DelayTime = gifDelayCentiseconds(index, fps());
            control.TransparentColor = frame.transparentIndex;
            std::array<GifByteType, 4> extension {};
            EGifGCBToExtension(&control, extension.data());
            check(EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, 4, extension.data()), "frame delay");

            int mapSize = 2; // a GIF palette has 2^n entries
            while (mapSize < static_cast<int>(frame.palette.size()))
                mapSize *= 2;
            frame.palette.resize(static_cast<std::size_t>(mapSize), GifColorType { 0, 0, 0 });
            ColorMapObject *map = GifMakeMapObject(mapSize, frame.palette.data());
            if (!map)
                throw std::runtime_error("GIF: out of memory");
            const int status = EGifPutImageDesc(
                m_gif, frame.rect.left(), frame.rect.top(), frame.rect.width(), frame.rect.height(), false, map);
            GifFreeMapObject(map);
            check(status, "frame");
            for (int y = 0; y < frame.rect.height(); ++y)
                check(EGifPutLine(m_gif, frame.pixels.data() + static_cast<std::size_t>(y) * frame.rect.width(),
                          frame.rect.width()),
                    "frame");
        }

        QByteArray assemble(int frameCount) override
        {
            if (frameCount == 0 || !m_gif)
                throw std::runtime_error("GIF: no frames");
            int error = 0;
            const int status = EGifCloseFile(m_gif, &error);
            m_gif = nullptr;
            check(status, "end of the file");
            return m_bytes;
        }

    private:
        void writeHeader()
        {
            int error = 0;
            m_gif = EGifOpen(&m_bytes, writeToBytes, &error);
            if (!m_gif)
                throw std::runtime_error("GIF: cannot start the file");
            EGifSetGifVersion(m_gif, true);
            check(EGifPutScreenDesc(m_gif, size().width(), size().height(), 8, 0, nullptr), "header");
            // The NETSCAPE2.0 extension with a loop count of 0: play forever.
            static constexpr std::array<GifByteType, 3> kLoopForever { 1, 0, 0 };
            check(EGifPutExtensionLeader(m_gif, APPLICATION_EXT_FUNC_CODE), "loop");
            check(EGifPutExtensionBlock(m_gif, 11, "NETSCAPE2.0"), "loop");
            check(EGifPutExtensionBlock(m_gif, 3, kLoopForever.data()), "loop");
            check(EGifPutExtensionTrailer(m_gif), "loop");
        }

        GifFileType *m_gif = nullptr;
        QByteArray m_bytes;
    };

} // namespace

std::unique_ptr<AnimationEncoder> createGifEncoder(QSize size, int fps)
{
    return std::make_unique<GifEncoder>(size, fps);
}

} // namespace conceptlab

// Animated WebP with libwebp's WebPAnimEncoder, lossless: views are text, thin lines and flat
// colours, which lossless WebP keeps exact and small, where lossy WebP blurs text and rings
// around edges. WebPAnimEncoder itself stores only what changed from frame to frame.
#include "animationformats.h"

#include <webp/encode.h>
#include <webp/mux.h>

#include <stdexcept>
#include <string>

namespace conceptlab {

namespace {

    // libwebp's lossless presets go from 0 (fastest) to 9 (smallest); 1 is several times
    // faster than the default 6 and within a few per cent of its size on flat drawings.
    constexpr int kLosslessLevel = 1;

    struct WebPFrame : PreparedFrame {
        WebPPicture picture {};
        WebPFrame() { WebPPictureInit(&picture); }
        ~WebPFrame() override { WebPPictureFree(&picture); }
        WebPFrame(const WebPFrame &) = delete;
        WebPFrame &operator=(const WebPFrame &) = delete;
    };

    class WebPEncoder : public AnimationEncoder {
    public:
        WebPEncoder(QSize size, int fps)
            : AnimationEncoder(size, fps)
        {
            WebPAnimEncoderOptions options;
            if (!WebPAnimEncoderOptionsInit(&options))
                return;
            options.anim_params.loop_count = 0; // forever
            options.allow_mixed = 0;
            options.minimize_size = 0;
            m_encoder = WebPAnimEncoderNew(size.width(), size.height(), &options);
            if (WebPConfigInit(&m_config) && WebPConfigLosslessPreset(&m_config, kLosslessLevel))
                m_config.thread_level = 1;
        }
        ~WebPEncoder() override
        {
            cancel();
            if (m_encoder)
                WebPAnimEncoderDelete(m_encoder);
        }
        WebPEncoder(const WebPEncoder &) = delete;
        WebPEncoder &operator=(const WebPEncoder &) = delete;

    protected:
        std::unique_ptr<PreparedFrame> prepare(int index, const QImage &previous, const QImage &frame) override
        {
            Q_UNUSED(index)
            Q_UNUSED(previous)
            // Opaque frames: premultiplied and straight alpha hold the same bytes.
            const QImage argb = frame.convertToFormat(QImage::Format_ARGB32);
            auto prepared = std::make_unique<WebPFrame>();
            prepared->picture.use_argb = 1;
            prepared->picture.width = argb.width();
            prepared->picture.height = argb.height();
            // QImage's ARGB32 words are B, G, R, A bytes in memory on little-endian machines.
            const bool imported = Q_BYTE_ORDER == Q_LITTLE_ENDIAN
                ? WebPPictureImportBGRA(&prepared->picture, argb.constBits(), static_cast<int>(argb.bytesPerLine()))
                : WebPPictureImportRGBA(&prepared->picture, argb.convertToFormat(QImage::Format_RGBA8888).constBits(),
                    static_cast<int>(argb.bytesPerLine()));
            if (!imported)
                throw std::runtime_error("WebP: out of memory");
            return prepared;
        }

        void write(int index, PreparedFrame &prepared) override
        {
            if (!m_encoder)
                throw std::runtime_error("WebP: cannot start the encoder");
            auto &frame = static_cast<WebPFrame &>(prepared);
            if (!WebPAnimEncoderAdd(m_encoder, &frame.picture, frameStartMs(index), &m_config))
                throw std::runtime_error(std::string("WebP: ") + WebPAnimEncoderGetError(m_encoder));
        }

        QByteArray assemble(int frameCount) override
        {
            if (frameCount == 0 || !m_encoder)
                throw std::runtime_error("WebP: no frames");
            // A last, empty add gives the last frame its duration.
            if (!WebPAnimEncoderAdd(m_encoder, nullptr, frameStartMs(frameCount), nullptr))
                throw std::runtime_error(std::string("WebP: ") + WebPAnimEncoderGetError(m_encoder));
            WebPData data;
            WebPDataInit(&data);
            if (!WebPAnimEncoderAssemble(m_encoder, &data))
                throw std::runtime_error(std::string("WebP: ") + WebPAnimEncoderGetError(m_encoder));
            QByteArray bytes(reinterpret_cast<const char *>(data.bytes), static_cast<qsizetype>(data.size));
            WebPDataClear(&data);
            return bytes;
        }

    private:
        WebPAnimEncoder *m_encoder = nullptr;
        WebPConfig m_config {};
    };

} // namespace

std::unique_ptr<AnimationEncoder> createWebPEncoder(QSize size, int fps)
{
    return std::make_unique<WebPEncoder>(size, fps);
}

} // namespace conceptlab

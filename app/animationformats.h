// The two animation formats behind AnimationEncoder::create(); internal to the encoder.
#pragma once

#include "animationencoder.h"

namespace conceptlab {

/// Animated GIF: each frame's changed rectangle quantised to its own palette (libimagequant).
std::unique_ptr<AnimationEncoder> createGifEncoder(QSize size, int fps);
/// Animated WebP, lossless (libwebp's WebPAnimEncoder).
std::unique_ptr<AnimationEncoder> createWebPEncoder(QSize size, int fps);

} // namespace conceptlab

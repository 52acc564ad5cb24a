#!/usr/bin/python3
"""Decodes an animated GIF or WebP with Pillow, as an independent check of ConceptLab's
animation export. Prints one JSON object (format, size, frame count, loop count, each frame's
duration in ms) and writes the first and the last frame, fully composed, as PNG files.

Usage: decode_animation.py ANIMATION FIRST.png LAST.png
Exit status 3 when Pillow is missing (the caller skips), 1 when the file does not decode.
"""
import json
import sys

try:
    from PIL import Image
except ImportError:
    sys.exit(3)


def main():
    path, first_png, last_png = sys.argv[1:4]
    with Image.open(path) as image:
        info = {
            "format": image.format,
            "width": image.width,
            "height": image.height,
            "frames": getattr(image, "n_frames", 1),
            "loop": image.info.get("loop"),
            "durations": [],
        }
        for index in range(info["frames"]):
            image.seek(index)
            image.load()
            info["durations"].append(image.info.get("duration"))
            if index == 0:
                image.convert("RGB").save(first_png)
            if index == info["frames"] - 1:
                image.convert("RGB").save(last_png)
    print(json.dumps(info))


if __name__ == "__main__":
    main()

"""Writes the imaging benchmark's inputs into a folder (argument 1); deterministic (fixed seeds).

film-2500x3000.jpg  gray chest-film-sized JPEG, quality 90, about 1.5 MB: smooth gradients,
                    rib-like bands, a few sharp edges and film-grain noise
gray16-2048x2048.png 16-bit grayscale PNG (the same kind of content over 0…65535)
photo-512x512.jpg   small RGB JPEG, 4:2:0, quality 90
big-4096x4096.jpg   8-bit gray JPEG for the peak-memory target
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image


def film(width, height, seed, grain):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    cx, cy = width / 2, height / 2
    body = np.exp(-(((x - cx) / (0.45 * width)) ** 2 + ((y - cy) / (0.55 * height)) ** 2))
    lungs = np.exp(-(((np.abs(x - cx) - 0.2 * width) / (0.12 * width)) ** 2 + ((y - 0.45 * height) / (0.25 * height)) ** 2))
    ribs = 0.5 + 0.5 * np.sin(y / (height / 40) + 0.3 * np.sin(x / (width / 3)))
    image = 40 + 150 * body - 70 * lungs * (0.7 + 0.3 * ribs)
    image[int(0.8 * height):, int(0.1 * width):int(0.12 * width)] = 250  # a marker: a sharp edge
    image += rng.normal(0, grain, image.shape)
    return image.clip(0, 255)


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    Image.fromarray(film(2500, 3000, 1, 4.2).astype(np.uint8)).save(folder / "film-2500x3000.jpg", quality=90)
    Image.fromarray((film(2048, 2048, 2, 3) * 257).astype(np.uint16)).save(folder / "gray16-2048x2048.png")
    base = film(512, 512, 3, 4)
    rgb = np.stack([base, np.roll(base, 40, axis=1), 255 - base], axis=-1).astype(np.uint8)
    Image.fromarray(rgb).save(folder / "photo-512x512.jpg", quality=90)
    Image.fromarray(film(4096, 4096, 4, 6.5).astype(np.uint8)).save(folder / "big-4096x4096.jpg", quality=90)
    for path in sorted(folder.iterdir()):
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

"""A corpus of odd and hostile image files, generated on demand (a few kB in all, so nothing binary is committed).

``build_corpus(folder)`` writes every file and returns ``{filename: Expect}``: either the image must load (and
``check`` says how it must look) or :func:`resnet_viz.explain.images.load_image` must raise ``ImageError`` with ``code``.
Used by the library tests, the command-line tests and the browser test.
"""

from __future__ import annotations

import dataclasses
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


@dataclasses.dataclass(frozen=True)
class Expect:
    error: str | None = None  # the ImageError code, or None: it must load
    size: tuple[int, int] | None = None  # (width, height) after decoding
    check: Callable[[np.ndarray], bool] | None = None  # on the decoded RGB array


def _save(image: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


def _marked(size=(40, 20)) -> Image.Image:
    """A grey image with a red top-left corner, so orientation changes can be checked."""
    im = Image.new("RGB", size, (128, 128, 128))
    im.paste(RED, (0, 0, 8, 8))
    return im


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width``×``height`` pixels: a decompression bomb's calling card."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b""))


def _gif_declaring(width: int, height: int) -> bytes:
    small = _save(Image.new("P", (4, 4)), "GIF")
    return small[:6] + struct.pack("<HH", width, height) + small[10:]


def _jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(_save(Image.new("RGB", (16, 16), RED), "JPEG"))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _bmp_declaring(width: int, height: int) -> bytes:
    data = bytearray(_save(Image.new("RGB", (4, 4), RED), "BMP"))
    data[18:26] = struct.pack("<ii", width, height)
    return bytes(data)


def _tiff_declaring(width: int, height: int) -> bytes:
    im = Image.new("L", (8, 8))
    data = bytearray(_save(im, "TIFF"))
    # Rewrite the ImageWidth (256) and ImageLength (257) entries of the first IFD (little-endian TIFF).
    ifd = struct.unpack("<I", data[4:8])[0]
    count = struct.unpack("<H", data[ifd:ifd + 2])[0]
    for i in range(count):
        at = ifd + 2 + 12 * i
        tag, kind = struct.unpack("<HH", data[at:at + 4])
        if tag in (256, 257):
            value = width if tag == 256 else height
            data[at + 2:at + 12] = struct.pack("<HIi", 4, 1, value)
    return bytes(data)


def _exif_rotated(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _save(_marked(), "JPEG", exif=exif.tobytes(), quality=95)


def _animated(fmt: str, **kw) -> bytes:
    frames = [Image.new("RGB", (16, 16), RED), Image.new("RGB", (16, 16), BLUE)]
    return _save(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0, **kw)


def _palette_transparent() -> bytes:
    im = Image.new("P", (10, 10), 1)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.paste(0, (0, 0, 5, 10))  # left half is index 0, declared transparent
    return _save(im, "PNG", transparency=0)


def _rgba() -> bytes:
    im = Image.new("RGBA", (10, 10), (255, 0, 0, 255))
    im.paste((0, 0, 255, 0), (0, 0, 5, 10))  # fully transparent blue -> white
    return _save(im, "PNG")


def _gray16(fmt: str) -> bytes:
    a = np.zeros((6, 6), np.uint16)
    a[:, 3:] = 65535
    a[0, 0] = 32896  # 128 × 257: mid grey
    return _save(Image.fromarray(a), fmt)


def _float_tiff() -> bytes:
    a = np.linspace(0, 1, 64, dtype=np.float32).reshape(8, 8)
    return _save(Image.fromarray(a), "TIFF")


def _int32_tiff() -> bytes:
    a = (np.arange(64, dtype=np.int32).reshape(8, 8) * 1000)  # 0 .. 63,000: a 16-bit range stored in 32 bits
    return _save(Image.fromarray(a), "TIFF")


def _multipage_tiff() -> bytes:
    return _save(Image.new("RGB", (12, 12), RED), "TIFF", save_all=True,
                 append_images=[Image.new("RGB", (12, 12), BLUE)])


def _corrupt_png() -> bytes:
    data = bytearray(_save(Image.radial_gradient("L").resize((64, 64)), "PNG"))
    at = data.find(b"IDAT") + 12
    data[at:at + 40] = bytes(range(40))
    return bytes(data)


def _corrupt_exif_jpeg() -> bytes:
    data = _save(_marked(), "JPEG")
    app1 = b"\xff\xe1" + struct.pack(">H", 20) + b"Exif\x00\x00" + b"II*\x00\xff\xff\xff\x7f" + b"\x00" * 2
    return data[:2] + app1 + data[2:]


def _reddish(a: np.ndarray) -> bool:
    return a[..., 0].mean() > 200 and a[..., 2].mean() < 60


def _is_red_corner(at: str) -> Callable[[np.ndarray], bool]:
    def check(a: np.ndarray) -> bool:
        h, w = a.shape[:2]
        y, x = {"top-left": (2, 2), "top-right": (2, w - 3), "bottom-right": (h - 3, w - 3)}[at]
        return a[y, x, 0] > 180 and a[y, x, 1] < 90
    return check


def corpus() -> dict[str, tuple[bytes, Expect]]:
    """Every file of the corpus: name -> (bytes, what must happen)."""
    rgb = _save(_marked(), "JPEG", quality=95)
    files: dict[str, tuple[bytes, Expect]] = {
        # ------------------------------------------------------------------ odd but valid: they must load
        "plain.jpg": (rgb, Expect(size=(40, 20), check=_is_red_corner("top-left"))),
        "progressive.jpg": (_save(_marked(), "JPEG", progressive=True), Expect(size=(40, 20))),
        "cmyk.jpg": (_save(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG", quality=95),
                     Expect(size=(8, 8), check=_reddish)),
        "cmyk.tiff": (_save(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "TIFF"), Expect(check=_reddish)),
        "gray16.png": (_gray16("PNG"), Expect(size=(6, 6), check=lambda a: a[0, 0, 0] == 128 and a[0, 5, 0] == 255
                                              and a[1, 0, 0] == 0)),
        "gray16.tiff": (_gray16("TIFF"), Expect(check=lambda a: a[0, 0, 0] == 128 and a[0, 5, 0] == 255)),
        "rgb48.png": (_rgb48_png(), Expect(size=(4, 4), check=_reddish)),
        "palette-transparent.png": (_palette_transparent(), Expect(
            check=lambda a: tuple(a[0, 0]) == WHITE and tuple(a[0, 9]) == RED)),
        "rgba.png": (_rgba(), Expect(check=lambda a: tuple(a[0, 0]) == WHITE and tuple(a[0, 9]) == RED)),
        "gray-alpha.png": (_save(Image.new("LA", (5, 5), (0, 0)), "PNG"),
                           Expect(check=lambda a: (a == 255).all())),
        "rgba.webp": (_save(Image.open(io.BytesIO(_rgba())), "WEBP", lossless=True),
                      Expect(check=lambda a: tuple(a[0, 0]) == WHITE and tuple(a[0, 9]) == RED)),
        "exif-rotate-90.jpg": (_exif_rotated(6), Expect(size=(20, 40), check=_is_red_corner("top-right"))),
        "exif-rotate-180.jpg": (_exif_rotated(3), Expect(size=(40, 20), check=_is_red_corner("bottom-right"))),
        "exif-mirror.jpg": (_exif_rotated(2), Expect(size=(40, 20), check=_is_red_corner("top-right"))),
        "exif-corrupt.jpg": (_corrupt_exif_jpeg(), Expect(size=(40, 20))),
        "one-pixel.png": (_save(Image.new("RGB", (1, 1), RED), "PNG"), Expect(size=(1, 1), check=_reddish)),
        "one-pixel.gif": (_save(Image.new("L", (1, 1), 0), "GIF"), Expect(size=(1, 1))),
        "thin-line.png": (_save(Image.new("RGB", (1, 300), RED), "PNG"), Expect(size=(1, 300))),
        "animated.gif": (_animated("GIF"), Expect(size=(16, 16), check=_reddish)),
        "animated.webp": (_animated("WEBP", lossless=True), Expect(size=(16, 16), check=_reddish)),
        "animated.png": (_animated("PNG"), Expect(size=(16, 16), check=_reddish)),
        "two-pages.tiff": (_multipage_tiff(), Expect(size=(12, 12), check=_reddish)),
        "compressed.tiff": (_save(_marked(), "TIFF", compression="tiff_lzw"), Expect(size=(40, 20))),
        "float.tiff": (_float_tiff(), Expect(check=lambda a: a[0, 0, 0] == 0 and a[7, 7, 0] == 255)),
        "int32.tiff": (_int32_tiff(), Expect(check=lambda a: a[0, 0, 0] == 0 and a[7, 7, 0] == 245)),
        "bilevel.png": (_save(Image.new("1", (9, 9), 1), "PNG"), Expect(check=lambda a: (a == 255).all())),
        "rgb.bmp": (_save(_marked(), "BMP"), Expect(size=(40, 20), check=_is_red_corner("top-left"))),
        "palette.bmp": (_save(_marked().convert("P"), "BMP"), Expect(size=(40, 20))),
        "gray.jpg": (_save(Image.new("L", (8, 8), 90), "JPEG"), Expect(check=lambda a: abs(int(a[0, 0, 0]) - 90) < 3)),
        "jpeg-named.png": (rgb, Expect(size=(40, 20))),
        "large-photo.jpg": (_save(Image.new("RGB", (3000, 2000), BLUE), "JPEG", quality=50),
                            Expect(size=(1024, 683))),
        # ------------------------------------------------------------------ hostile: one clear message each
        "empty.jpg": (b"", Expect(error="empty")),
        "text-named.jpg": (b"Dear teacher,\nthis is my homework, not a photo.\n" * 20, Expect(error="text")),
        "page.html.png": (b"<!doctype html><html><body><img src=cat.jpg></body></html>\n", Expect(error="text")),
        "random.bin.jpg": (bytes(np.random.default_rng(0).integers(0, 256, 2048, dtype=np.uint8)),
                           Expect(error="not_image")),
        "truncated.jpg": (_save(Image.effect_noise((256, 256), 60).convert("RGB"), "JPEG")[:1500],
                          Expect(error="damaged")),
        "truncated.png": (_save(Image.effect_noise((128, 128), 60), "PNG")[:900], Expect(error="damaged")),
        "header-only.gif": (_save(Image.new("P", (8, 8)), "GIF")[:13], Expect(error="damaged")),
        "jpeg-soi-only.jpg": (b"\xff\xd8\xff\xe0" + b"\x00" * 30, Expect(error="damaged")),
        "corrupt-data.png": (_corrupt_png(), Expect(error="damaged")),
        "bomb.png": (_png_declaring(100_000, 100_000), Expect(error="too_large")),
        "bomb-moderate.png": (_png_declaring(10_000, 10_000), Expect(error="too_large")),
        "bomb.gif": (_gif_declaring(65_535, 65_535), Expect(error="too_large")),
        "bomb.jpg": (_jpeg_declaring(60_000, 60_000), Expect(error="too_large")),
        "bomb.bmp": (_bmp_declaring(30_000, 30_000), Expect(error="too_large")),
        "bomb.tiff": (_tiff_declaring(200_000, 200_000), Expect(error="too_large")),
        "zero-width.png": (_png_declaring(0, 10), Expect(error="damaged")),
        "document.pdf.png": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", Expect(error="unsupported")),
        "drawing.svg.png": (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
                            Expect(error="unsupported")),
        "phone.heic.jpg": (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
                           Expect(error="unsupported")),
        "archive.zip.png": (b"PK\x03\x04" + b"\x00" * 60, Expect(error="unsupported")),
        "layers.psd": (b"8BPS\x00\x01" + b"\x00" * 60, Expect(error="unsupported")),
    }
    return files


def _rgb48_png() -> bytes:
    """A 16-bit-per-channel RGB PNG, written by hand (Pillow cannot write one)."""
    row = b"\x00" + b"\xff\xff\x00\x00\x00\x00" * 4
    ihdr = struct.pack(">IIBBBBB", 4, 4, 16, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(row * 4))
            + _png_chunk(b"IEND", b""))


def build_corpus(folder: Path) -> dict[str, Expect]:
    """Write every corpus file into ``folder``; return ``{filename: Expect}``."""
    folder.mkdir(parents=True, exist_ok=True)
    expectations = {}
    for name, (data, expect) in corpus().items():
        (folder / name).write_bytes(data)
        expectations[name] = expect
    return expectations

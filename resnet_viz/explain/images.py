"""Safe decoding and preprocessing of user images: whatever students bring, one clear message or a clean image.

:func:`load_image` turns untrusted bytes (an upload, a camera shot, a file on disk) into an ``RGB`` or ``L`` PIL
image: only JPEG, PNG, WebP, BMP, GIF and TIFF are opened; the declared size is checked from the header *before*
any pixel is decoded (decompression bombs); EXIF orientation is applied; every mode is converted (alpha flattened
onto white, 16-bit and float scaled to 8 bits, palette, CMYK, 1-bit); animated files give their first frame.
Anything that cannot be used raises :class:`ImageError` whose message is one line meant for the user.

:class:`Preprocess` is what a model expects (resize, centre crop, normalisation, channel count), built from the
weights' own metadata (``weights.transforms()``) or a checkpoint's, never from hand-copied constants.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError
from torchvision.transforms import InterpolationMode
from torchvision.transforms import functional as TF

from resnet_viz.errors import Phrase, UserError
from resnet_viz.paths import SAMPLES_DIR

# The formats we open; Pillow knows many more (EPS would run Ghostscript), so the list is explicit. The JPEG
# plugin also opens MPO, the multi-picture JPEG many phone cameras write.
FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF")
FORMAT_NAMES = "JPEG, PNG, WebP, BMP, GIF, TIFF"
MAX_BYTES = 50 * 1024 * 1024  # as .streamlit/config.toml's maxUploadSize
MAX_PIXELS = 50_000_000  # declared width × height; a 48-megapixel phone photo still passes
MAX_SIDE = 1024  # decoded images are scaled down to this longest side: the models need at most 232

# Formats we recognise by their first bytes but do not open, so the message can name them.
_SIGNATURES = {
    b"%PDF": "PDF", b"PK\x03\x04": "ZIP", b"8BPS": "Photoshop (PSD)", b"\x00\x00\x01\x00": "ICO",
    b"\xff\x0a": "JPEG XL", b"\x00\x00\x00\x0cJXL ": "JPEG XL", b"%!PS": "PostScript", b"\x1f\x8b": "gzip",
}
_OUR_SIGNATURES = (b"\xff\xd8", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF"}

MESSAGES = {
    "image.missing": "No file at {path}.",
    "image.empty": "The file is empty (0 bytes).",
    "image.file_too_big": "The file is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
    "image.too_large": "The image declares {size} ({megapixels:,.0f} megapixels); the limit is {limit:.0f} megapixels, "
                 "so it was refused before decoding.",
    "image.text": "This file holds text, not an image.",
    "image.unsupported": "{format} files are not supported; use " + FORMAT_NAMES + ".",
    "image.not_image": "This is not an image file we can read; use " + FORMAT_NAMES + ".",
    "image.damaged": "The image is damaged or truncated and cannot be decoded ({detail}).",
    "image.mode": "Images with colour mode {mode} are not supported.",
}
Phrase.MESSAGES["image.header"] = "its header is incomplete or invalid"


class ImageError(UserError):
    """An image that cannot be used (codes ``image.*``); ``str(error)`` is the English message, always one line."""

    MESSAGES = MESSAGES

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code if code.startswith("image.") else f"image.{code}", **values)


def image_digest(data: bytes) -> str:
    """The SHA-256 of an image's bytes: the cache key of everything computed from it."""
    return hashlib.sha256(data).hexdigest()


def read_bytes(source: str | os.PathLike | bytes | BinaryIO, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a path, a byte string or a binary file object, refusing more than ``max_bytes``."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise ImageError("missing", path=str(path))
        size = path.stat().st_size
        if size > max_bytes:
            raise ImageError("file_too_big", size_mb=size / 2**20, limit_mb=max_bytes / 2**20)
        data = path.read_bytes()
    else:
        data = source.read(max_bytes + 1)
    if not data:
        raise ImageError("empty")
    if len(data) > max_bytes:
        raise ImageError("file_too_big", size_mb=len(data) / 2**20, limit_mb=max_bytes / 2**20)
    return data


def load_image(
    source: str | os.PathLike | bytes | BinaryIO,
    *,
    channels: int = 3,
    max_side: int = MAX_SIDE,
    max_pixels: int = MAX_PIXELS,
) -> Image.Image:
    """Decode an untrusted image into an ``RGB`` image (``L`` when ``channels == 1``), at most ``max_side`` wide.

    Raises :class:`ImageError` (one line) for empty, oversized, truncated, corrupt, non-image or unsupported files.
    """
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, not {channels}")
    data = read_bytes(source)
    declared = _declared_size(data)
    if declared and declared[0] * declared[1] > max_pixels:
        raise _too_large(declared, declared[0] * declared[1], max_pixels)
    try:
        im = Image.open(io.BytesIO(data), formats=FORMATS)  # reads the header only
    except Image.DecompressionBombError as e:  # Pillow's own, higher limit: it read the header, we say what it saw
        raise _too_large(_declared_size(data), _pixels_in(str(e)), max_pixels) from None
    except UnidentifiedImageError:
        raise _not_image(data) from None
    except Exception as e:  # a header so broken that even identification fails
        raise ImageError("damaged", detail=_detail(e)) from None
    with im:
        width, height = im.size
        if width * height > max_pixels:
            raise _too_large((width, height), width * height, max_pixels)
        try:
            if im.format in ("JPEG", "MPO"):
                im.draft(im.mode, (max_side, max_side))  # decode big JPEGs at 1/2, 1/4 or 1/8 scale
            im.load()  # animated files stay on their first frame
            out = ImageOps.exif_transpose(im) if _has_orientation(im) else im
            out = _flatten(out)
        except ImageError:
            raise
        except MemoryError:
            raise
        except Exception as e:  # Pillow raises OSError, SyntaxError, ValueError, struct.error, EOFError, ...
            raise ImageError("damaged", detail=_detail(e)) from None
    if max(out.size) > max_side:
        out.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return out.convert("L") if channels == 1 else out.convert("RGB")


def _has_orientation(im: Image.Image) -> bool:
    """Whether the EXIF orientation asks for a rotation or flip; a damaged EXIF block counts as none."""
    try:
        return im.getexif().get(0x0112, 1) not in (1, None)
    except Exception:
        return False


def _flatten(im: Image.Image) -> Image.Image:
    """Any Pillow mode -> 'RGB' or 'L': alpha onto white, 16-bit and float scaled to 8 bits, palette expanded."""
    mode = im.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        return Image.fromarray(_to_uint8(np.asarray(im), mode), "L")
    if mode == "1":
        return im.convert("L")
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode == "PA":
        im = im.convert("RGBA")
    elif mode == "RGBa":
        im = im.convert("RGBA")
    elif mode == "La":
        im = im.convert("LA")
    if im.mode in ("RGBA", "LA"):
        background = Image.new(im.mode[:-1], im.size, "white")  # white, as browsers show transparency on a page
        background.paste(im.convert(im.mode), mask=im.getchannel("A"))
        return background
    if im.mode in ("L", "RGB"):
        return im
    try:
        return im.convert("RGB")  # CMYK (Adobe-inverted included), YCbCr, HSV
    except ValueError:
        raise ImageError("mode", mode=mode) from None


def _to_uint8(a: np.ndarray, mode: str) -> np.ndarray:
    """Wide grey levels -> uint8. 16-bit modes are scaled by 255/65535. Mode I (32-bit integers) and F (floats)
    keep values already in 0..255, scale 0..65535 (I) or 0..1 (F) to 0..255, and stretch anything else from its
    minimum to its maximum."""
    a = np.nan_to_num(a.astype(np.float64))
    low, high = float(a.min()), float(a.max())
    if mode.startswith("I;16"):
        scaled = a * (255 / 65535)
    elif mode == "F" and low >= 0 and high <= 1:
        scaled = a * 255
    elif low >= 0 and high <= 255:
        scaled = a
    elif mode == "I" and low >= 0 and high <= 65535:
        scaled = a * (255 / 65535)
    else:
        scaled = (a - low) * (255 / (high - low))
    return np.clip(np.round(scaled), 0, 255).astype(np.uint8)


def _too_large(size: tuple[int, int] | None, pixels: int, max_pixels: int) -> ImageError:
    described = f"{size[0]:,}×{size[1]:,} pixels" if size else f"{pixels:,} pixels"
    return ImageError("too_large", size=described, megapixels=pixels / 1e6, limit=max_pixels / 1e6)


def _pixels_in(message: str) -> int:
    """The pixel count in Pillow's DecompressionBombError message ('Image size (N pixels) exceeds ...')."""
    digits = "".join(c for c in message.split("pixels")[0] if c.isdigit())
    return int(digits) if digits else 0


def _declared_size(data: bytes) -> tuple[int, int] | None:
    """The (width, height) a PNG, GIF, BMP or JPEG header declares, read without decoding; None if unknown."""
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
        if data[:2] == b"BM":
            return (abs(int.from_bytes(data[18:22], "little", signed=True)),
                    abs(int.from_bytes(data[22:26], "little", signed=True)))
        if data[:2] == b"\xff\xd8":  # walk the JPEG markers to the frame header (SOF0..SOF15, not DHT/JPG/DAC)
            at = 2
            while at + 9 < len(data) and data[at] == 0xFF:
                marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    return int.from_bytes(data[at + 7:at + 9], "big"), int.from_bytes(data[at + 5:at + 7], "big")
                at += 2 + length
    except (IndexError, ValueError):
        pass
    return None


def _not_image(data: bytes) -> ImageError:
    """The clearest message for bytes Pillow would not identify as one of our formats."""
    head = data[:32]
    if head.startswith(_OUR_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return ImageError("damaged", detail=Phrase("image.header"))
    for signature, name in _SIGNATURES.items():
        if head.startswith(signature):
            return ImageError("unsupported", format=name)
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return ImageError("unsupported", format=_HEIF_BRANDS[head[8:12]])
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        return ImageError("unsupported", format="SVG")
    sample = data[:4096]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and sum(c.isprintable() or c in "\r\n\t" for c in text) >= 0.95 * len(text):
        return ImageError("text")
    return ImageError("not_image")


def _detail(error: BaseException) -> str:
    """A short, single-line description of a decoder's complaint."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 100 else text[:97] + "..."


# ---------------------------------------------------------------------------------------------------------------
# What a model expects
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Preprocess:
    """Resize the shorter side to ``resize_size``, centre-crop ``crop_size``, scale to [0, 1], normalise.

    The same steps as torchvision's ``ImageClassification`` preset (so ImageNet weights see what they were trained
    on), split in two so a page can show the crop the model sees and lay maps over it exactly.
    """

    crop_size: int
    resize_size: int
    mean: tuple[float, ...]
    std: tuple[float, ...]
    channels: int = 3
    interpolation: InterpolationMode = InterpolationMode.BILINEAR

    @classmethod
    def from_weights(cls, weights: Any) -> Preprocess:
        """From a torchvision weights enum member: its own ``transforms()`` preset."""
        preset = weights.transforms()
        return cls(crop_size=int(preset.crop_size[0]), resize_size=int(preset.resize_size[0]),
                   mean=tuple(preset.mean), std=tuple(preset.std), interpolation=preset.interpolation)

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Preprocess:
        """From a checkpoint's metadata: ``input_size``, ``normalization`` and ``architecture.in_channels``; an
        optional ``resize_size`` (shorter side before the centre crop, e.g. 256 for a 224 crop) else ``input_size``."""
        size = int(meta["input_size"])
        norm = meta["normalization"]
        channels = int(meta.get("architecture", {}).get("in_channels", len(norm["mean"])))
        return cls(crop_size=size, resize_size=int(meta.get("resize_size", size)),
                   mean=tuple(map(float, norm["mean"])), std=tuple(map(float, norm["std"])), channels=channels)

    def crop(self, image: Image.Image) -> Image.Image:
        """The image as the model sees it, before normalisation: resized, centre-cropped, in its channel count."""
        image = image.convert("L" if self.channels == 1 else "RGB")
        image = TF.resize(image, [self.resize_size], interpolation=self.interpolation, antialias=True)
        return TF.center_crop(image, [self.crop_size])

    def tensor(self, crop: Image.Image) -> torch.Tensor:
        """A 1×C×H×W float tensor, normalised, from the output of :meth:`crop`."""
        x = TF.convert_image_dtype(TF.pil_to_tensor(crop), torch.float)
        return TF.normalize(x, list(self.mean), list(self.std)).unsqueeze(0)

    def __call__(self, image: Image.Image) -> tuple[np.ndarray, torch.Tensor]:
        """``(what the model sees as an H×W×3 uint8 array, the model's 1×C×H×W input)``."""
        crop = self.crop(image)
        return np.asarray(crop.convert("RGB")), self.tensor(crop)


# ---------------------------------------------------------------------------------------------------------------
# The bundled samples
# ---------------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Sample:
    """A bundled image: ``dataset`` is 'imagenet' or 'fashion-mnist'; ``label`` its known class, if it has one."""

    path: Path
    title: str
    dataset: str
    label: str | None


def list_samples(folder: Path = SAMPLES_DIR) -> list[Sample]:
    """The samples listed in ``folder/samples.json`` whose files exist, in the listed order."""
    try:
        entries = json.loads((folder / "samples.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [Sample(folder / e["file"], e["title"], e["dataset"], e.get("class")) for e in entries
            if (folder / e["file"]).is_file()]

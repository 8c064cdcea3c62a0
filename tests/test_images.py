"""Safe decoding: the hostile corpus (odd files load, hostile ones get one clear message), and preprocessing."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from resnet_viz.explain.images import (
    MAX_BYTES,
    ImageError,
    Preprocess,
    image_digest,
    list_samples,
    load_image,
    read_bytes,
)
from tests.hostile_corpus import corpus

CORPUS = corpus()


def test_the_corpus_is_large_and_mixed():
    errors = {e.error for _, e in CORPUS.values()}
    assert len(CORPUS) >= 30
    assert sum(e.error is None for _, e in CORPUS.values()) >= 15
    assert {"empty", "text", "damaged", "too_large", "unsupported", "not_image"} <= errors


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_loads_or_gets_one_clear_message(name, tmp_path):
    data, expect = CORPUS[name]
    path = tmp_path / name
    path.write_bytes(data)
    for make in (lambda: data, lambda: path, lambda: io.BytesIO(data)):  # bytes, a path, an upload-like file
        if expect.error:
            with pytest.raises(ImageError) as caught:
                load_image(make())
            assert caught.value.code == f"image.{expect.error}", str(caught.value)
            message = str(caught.value)
            assert "\n" not in message and 10 < len(message) < 240
        else:
            image = load_image(make())
            assert image.mode == "RGB"
            if expect.size:
                assert image.size == expect.size
            if expect.check:
                assert expect.check(np.asarray(image)), f"{name} decoded wrongly"
            assert load_image(make(), channels=1).mode == "L"


def test_bombs_are_refused_before_decoding(monkeypatch):
    """The declared size is checked from the header: no pixel buffer is ever allocated for a bomb."""
    def no_decoding(self, *args, **kwargs):
        raise AssertionError("a bomb reached the decoder")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", no_decoding)
    for name, (data, expect) in CORPUS.items():
        if expect.error == "too_large":
            with pytest.raises(ImageError, match="refused before decoding"):
                load_image(data)


def test_size_limits_are_parameters():
    data, _ = CORPUS["plain.jpg"]
    with pytest.raises(ImageError) as caught:
        load_image(data, max_pixels=40 * 20 - 1)
    assert caught.value.code == "image.too_large" and "40×20 pixels" in str(caught.value)
    assert load_image(CORPUS["large-photo.jpg"][0], max_side=300).size == (300, 200)
    with pytest.raises(ImageError) as caught:
        read_bytes(b"x" * 11, max_bytes=10)
    assert caught.value.code == "image.file_too_big"
    assert MAX_BYTES == 50 * 2**20  # as .streamlit/config.toml's maxUploadSize


def test_upload_limit_matches_the_server_setting():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 2**20 == MAX_BYTES


def test_missing_file_and_bad_channels(tmp_path):
    with pytest.raises(ImageError) as caught:
        load_image(tmp_path / "nope.jpg")
    assert caught.value.code == "image.missing"
    with pytest.raises(ValueError):
        load_image(CORPUS["plain.jpg"][0], channels=2)


def test_errors_carry_codes_and_values_for_translation():
    with pytest.raises(ImageError) as caught:
        load_image(CORPUS["bomb.png"][0])
    e = caught.value
    assert e.code == "image.too_large" and e.values["size"] == "100,000×100,000 pixels"
    from resnet_viz.i18n import Translator

    assert Translator("en").message(e) == str(e)  # the page's English is the library's
    assert "100,000×100,000" in Translator("zh").message(e) and "图片" in Translator("zh").message(e)


def test_digest_is_of_the_bytes():
    assert image_digest(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_preprocess_matches_torchvision_preset_exactly():
    from torchvision.models import ResNet50_Weights

    weights = ResNet50_Weights.IMAGENET1K_V2
    image = load_image(list_samples()[0].path)
    seen, x = Preprocess.from_weights(weights)(image)
    expected = weights.transforms()(image).unsqueeze(0)
    assert seen.shape == (224, 224, 3) and seen.dtype == np.uint8
    assert torch.equal(x, expected)


def test_preprocess_from_checkpoint_meta_gives_one_channel():
    meta = {"input_size": 28, "normalization": {"mean": [0.286], "std": [0.353]},
            "architecture": {"in_channels": 1}}
    pre = Preprocess.from_meta(meta)
    seen, x = pre(load_image(CORPUS["rgba.png"][0]))
    assert x.shape == (1, 1, 28, 28) and seen.shape == (28, 28, 3)
    white = (1 - 0.286) / 0.353
    assert torch.allclose(x[0, 0, 0, 0], torch.tensor(white), atol=1e-5)  # the transparent corner is white


def test_samples_are_listed_with_known_classes():
    from torchvision.models import ResNet50_Weights

    from resnet_viz.train.data import FASHION_MNIST_CLASSES

    samples = list_samples()
    assert {s.dataset for s in samples} == {"imagenet", "fashion-mnist"}
    categories = ResNet50_Weights.DEFAULT.meta["categories"]
    for s in samples:
        image = load_image(s.path)
        assert min(image.size) >= 28
        if s.label is not None:
            assert s.label in (categories if s.dataset == "imagenet" else FASHION_MNIST_CLASSES)

"""The dataset loaders, on tiny files written here in torchvision's own on-disk formats (no network)."""

from __future__ import annotations

import dataclasses
import gzip
import pickle
import struct
from pathlib import Path

import numpy as np
import pytest
import torch

from resnet_viz.train import data
from resnet_viz.train.data import DATASETS, DataError, load_dataset, load_sample, title


def write_idx(path: Path, array: np.ndarray, compress: bool) -> None:
    """An idx file as MNIST ships it: zero, zero, type 0x08 (uint8), rank, big-endian sizes, then the bytes."""
    payload = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    payload += array.astype(np.uint8).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        path = path.with_name(path.name + ".gz")
        path.write_bytes(gzip.compress(payload))
    else:
        path.write_bytes(payload)


def mnist_like(folder: Path, n_train: int = 12, n_test: int = 5, compress: bool = True) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28)),
        "train-labels-idx1-ubyte": np.arange(n_train) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28)),
        "t10k-labels-idx1-ubyte": (np.arange(n_test) + 3) % 10,
    }
    for name, array in arrays.items():
        write_idx(folder / name, array, compress)
    return arrays


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Every test gets its own default data dir, and no system folder unless it asks for one."""
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "default"))
    for name, info in list(DATASETS.items()):
        monkeypatch.setitem(DATASETS, name, dataclasses.replace(info, system_dirs=(str(tmp_path / "system"),)))
    data._train_statistics.cache_clear()
    yield
    data._train_statistics.cache_clear()


def test_fashion_mnist_from_a_flat_folder_of_gz_files(tmp_path):
    arrays = mnist_like(tmp_path / "debian")
    train = load_dataset("fashion-mnist", "train", data_dir=tmp_path / "debian")
    test = load_dataset("fashion-mnist", "test", data_dir=tmp_path / "debian")
    assert train.images.shape == (12, 1, 28, 28) and train.images.dtype == torch.uint8
    assert test.images.shape == (5, 1, 28, 28)
    assert torch.equal(train.images[:, 0], torch.from_numpy(arrays["train-images-idx3-ubyte"].astype(np.uint8)))
    assert test.labels.tolist() == [3, 4, 5, 6, 7]
    assert train.classes[0] == "T-shirt/top" and len(train.classes) == 10
    expected = arrays["train-images-idx3-ubyte"].mean() / 255
    assert train.mean[0] == pytest.approx(expected) and test.mean == train.mean  # the test split: train statistics
    # unpacked into torchvision's layout under the default data dir, which torchvision itself reads
    assert (tmp_path / "default" / "FashionMNIST" / "raw" / "train-images-idx3-ubyte").is_file()


def test_a_system_folder_is_found_without_being_named(tmp_path):
    mnist_like(tmp_path / "system")
    assert len(load_dataset("fashion-mnist", "train")) == 12


def test_mnist_in_torchvision_layout(tmp_path):
    mnist_like(tmp_path / "tv" / "MNIST" / "raw", n_train=7, compress=False)
    ds = load_dataset("mnist", "train", data_dir=tmp_path / "tv")
    assert len(ds) == 7 and ds.classes[0].startswith("0")


def write_cifar(root: Path, per_batch: int = 4) -> np.ndarray:
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    first = None
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        images = rng.integers(0, 256, (per_batch, 3, 32, 32), dtype=np.uint8)
        first = images if first is None else first
        with open(folder / name, "wb") as f:  # CIFAR's python format: rows of 3072 bytes, R then G then B planes
            pickle.dump({"data": images.reshape(per_batch, -1), "labels": list(range(per_batch))}, f)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                                     "ship", "truck"]}, f)
    return first


def test_cifar10_through_torchvision(tmp_path, monkeypatch):
    first = write_cifar(tmp_path / "c")
    # torchvision checks the md5 of each real CIFAR file; ours are made here, so the check becomes "the file exists"
    # (in this test only).
    monkeypatch.setattr("torchvision.datasets.cifar.check_integrity", lambda path, md5=None: Path(path).is_file())
    ds = load_dataset("cifar10", "train", data_dir=tmp_path / "c")
    assert ds.images.shape == (20, 3, 32, 32) and ds.in_channels == 3
    assert torch.equal(ds.images[:4], torch.from_numpy(first))  # N×C×H×W, channels in RGB order
    assert ds.classes[-1] == "truck" and len(ds.mean) == 3
    assert len(load_dataset("cifar10", "test", data_dir=tmp_path / "c")) == 4


def test_cifar10_with_the_real_integrity_check_reports_damage(tmp_path):
    write_cifar(tmp_path / "c")
    with pytest.raises(DataError, match="missing or damaged") as e:
        load_dataset("cifar10", "train", data_dir=tmp_path / "c")
    assert str(tmp_path / "c") in str(e.value) and "\n" not in str(e.value)


def test_missing_data_names_every_place_and_how_to_get_it(tmp_path):
    with pytest.raises(DataError) as e:
        load_dataset("fashion-mnist", "train", data_dir=tmp_path / "mine")
    message = str(e.value)
    for place in (tmp_path / "mine", tmp_path / "default", tmp_path / "system"):
        assert str(place) in message
    assert "--download" in message and "apt install dataset-fashion-mnist" in message and "\n" not in message


def test_a_damaged_gz_file_is_one_clear_error(tmp_path):
    mnist_like(tmp_path / "flat")
    (tmp_path / "flat" / "train-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b\x08 not really gzip")
    with pytest.raises(DataError, match="train-images-idx3-ubyte.gz") as e:
        load_dataset("fashion-mnist", "train", data_dir=tmp_path / "flat")
    assert "damaged" in str(e.value)


def test_a_bad_idx_header_is_one_clear_error(tmp_path):
    raw = tmp_path / "tv" / "FashionMNIST" / "raw"
    mnist_like(raw, compress=False)
    (raw / "train-labels-idx1-ubyte").write_bytes(b"\x00\x00\x0d\x01" + b"\x00" * 8)  # float type, not uint8
    with pytest.raises(DataError, match="missing or damaged"):
        load_dataset("fashion-mnist", "train", data_dir=tmp_path / "tv")


def test_unknown_names_and_splits():
    with pytest.raises(ValueError, match="fashion-mnist"):
        load_dataset("imagenet")
    with pytest.raises(ValueError, match="split"):
        load_dataset("fashion-mnist-sample", "validation")


def test_the_embedded_sample_keeps_its_api():
    train, test = load_sample("train"), load_dataset("fashion-mnist-sample", "test")
    assert train.images.shape == (10_000, 1, 28, 28) and test.images.shape == (2_000, 1, 28, 28)
    info = DATASETS["fashion-mnist-sample"]  # the sizes its title formats in
    assert (info.train_images, info.test_images, info.image_size) == (len(train.images), len(test.images), 28)
    assert str(title("fashion-mnist-sample")) == "Fashion-MNIST sample (embedded, 10,000/2,000)"
    assert torch.bincount(train.labels).tolist() == [1000] * 10
    train.images[0] = 0  # a caller's copy: the next load is unaffected
    assert load_sample("train").images[0].any()


DEBIAN = Path("/usr/share/datasets/fashion-mnist")


@pytest.mark.skipif(not (DEBIAN / "t10k-images-idx3-ubyte.gz").is_file(),
                    reason="Debian's dataset-fashion-mnist is not installed (scripts/test.sh installs it)")
def test_full_fashion_mnist_from_debian(tmp_path):
    ds = load_dataset("fashion-mnist", "test", data_dir=DEBIAN)
    assert ds.images.shape == (DATASETS["fashion-mnist"].test_images, 1, 28, 28) == (10_000, 1, 28, 28)
    assert torch.bincount(ds.labels).tolist() == [1000] * 10
    assert ds.mean[0] == pytest.approx(0.2860, abs=1e-3)  # the 60k training images' mean

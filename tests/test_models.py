"""The model zoo: torchvision-identical ResNets, the paper's CIFAR nets, plain twins, clear errors."""

import pytest
import torch
from torch import nn
from torchvision.models import resnet as tv_resnet

from resnet_viz.nets.models import (
    CIFAR_NAMES,
    TORCHVISION_NAMES,
    ZeroPadShortcut,
    build_model,
    display_name,
    layer_census,
    paper_depth,
    parse_name,
    shortcut_kind,
    shortcut_option,
    stage_names,
    stage_strides,
)

TORCHVISION_PARAMS = {"resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032,
                      "resnet101": 44_549_160, "resnet152": 60_192_808}


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


@pytest.mark.parametrize("name", TORCHVISION_NAMES)
def test_torchvision_names_give_torchvisions_own_state_dict(name):
    with torch.device("meta"):  # shapes and names only: no weights initialised
        ours = build_model(name).state_dict()
        theirs = getattr(tv_resnet, name)().state_dict()
    assert list(ours) == list(theirs)
    assert all(ours[k].shape == theirs[k].shape for k in ours)
    assert sum(v.numel() for k, v in ours.items() if "running" not in k and "num_batches" not in k) == \
        TORCHVISION_PARAMS[name]


def test_cifar_net_follows_section_4_2():
    model = build_model("cifar_resnet20")
    assert stage_names(model) == ["layer1", "layer2", "layer3"]
    assert [len(getattr(model, s)) for s in stage_names(model)] == [3, 3, 3]
    assert model.conv1.kernel_size == (3, 3) and model.conv1.out_channels == 16
    assert [getattr(model, s)[0].conv1.out_channels for s in stage_names(model)] == [16, 32, 64]
    assert [getattr(model, s)[0].conv1.stride for s in stage_names(model)] == [(1, 1), (2, 2), (2, 2)]
    assert isinstance(model.layer2[0].shortcut, ZeroPadShortcut)  # option A: no parameters
    assert list(model.layer2[0].shortcut.parameters()) == []
    assert model.fc.in_features == 64 and model.fc.out_features == 10
    assert model(torch.zeros(2, 3, 32, 32)).shape == (2, 10)


@pytest.mark.parametrize("name", CIFAR_NAMES)
def test_cifar_plain_twin_has_exactly_the_same_parameters(name):
    residual, plain = build_model(name), build_model(name, residual=False)
    assert n_params(residual) == n_params(plain)
    assert [k for k in residual.state_dict()] == [k for k in plain.state_dict()]
    assert all(shortcut_kind(b) is None for s in stage_names(plain) for b in getattr(plain, s))


def test_plain_twin_really_drops_the_addition():
    torch.manual_seed(0)
    residual = build_model("cifar_resnet8").eval()
    plain = build_model("cifar_resnet8", residual=False).eval()
    plain.load_state_dict(residual.state_dict())
    x = torch.randn(1, 16, 8, 8)
    block_r, block_p = residual.layer1[0], plain.layer1[0]
    assert torch.allclose(block_r(x), torch.relu(block_p.bn2(block_p.conv2(block_p.relu(block_p.bn1(block_p.conv1(x))))) + x))
    assert torch.allclose(block_p(x), torch.relu(block_p.bn2(block_p.conv2(block_p.relu(block_p.bn1(block_p.conv1(x)))))))


def test_zero_pad_shortcut_subsamples_and_pads():
    x = torch.arange(2 * 4 * 4, dtype=torch.float).reshape(1, 2, 4, 4)
    y = ZeroPadShortcut(2, 4, 2)(x)
    assert y.shape == (1, 4, 2, 2)
    assert torch.equal(y[0, 1:3], x[0, :, ::2, ::2]) and not y[0, 0].any() and not y[0, 3].any()


@pytest.mark.parametrize("name", ["resnet18", "resnet34"])
def test_torchvision_plain_twins_follow_table_2(name):
    plain = build_model(name, residual=False)
    blocks = [b for s in stage_names(plain) for b in getattr(plain, s)]
    assert all(shortcut_kind(b) is None and b.downsample is None for b in blocks)
    # the same layers as the residual net, less the projection shortcuts
    residual = build_model(name)
    projections = sum(p.numel() for n, p in residual.named_parameters() if "downsample" in n)
    assert n_params(plain) == n_params(residual) - projections
    assert plain(torch.zeros(1, 3, 64, 64)).shape == (1, 1000)


@pytest.mark.parametrize("name", ["resnet18", "resnet50", "cifar_resnet20"])
def test_one_channel_input(name):
    model = build_model(name, in_channels=1, num_classes=10).eval()
    size = 28 if name.startswith("cifar") else 64
    assert model(torch.zeros(2, 1, size, size)).shape == (2, 10)


def test_shortcut_kinds_as_drawn():
    assert [shortcut_kind(b) for b in build_model("resnet50").layer1] == ["projection", "identity", "identity"]
    assert [shortcut_kind(b) for b in build_model("resnet18").layer1] == ["identity", "identity"]
    assert [shortcut_kind(b) for b in build_model("cifar_resnet20").layer2] == ["zero-pad", "identity", "identity"]


@pytest.mark.parametrize("bad", ["resnet51", "ResNet50", "vgg16", "", None, "cifar_resnet"])
def test_unknown_names_list_the_choices(bad):
    with pytest.raises(ValueError, match="resnet18, resnet34, resnet50, resnet101, resnet152, cifar_resnet20"):
        build_model(bad)


@pytest.mark.parametrize("depth", [21, 4, 2, 0])
def test_invalid_cifar_depth_explains_6n_plus_2(depth):
    with pytest.raises(ValueError, match=r"6n\+2.*20, 32, 44, 56, 110"):
        parse_name(f"cifar_resnet{depth}")


def test_any_6n_plus_2_builds():
    assert parse_name("cifar_resnet8") == ("cifar", 8)
    assert len(build_model("cifar_resnet14").layer1) == 2


def test_weights_arguments_are_checked():
    with pytest.raises(ValueError, match="IMAGENET1K_V1"):
        build_model("resnet18", weights="IMAGENET9K")
    with pytest.raises(ValueError, match="plain twin"):
        build_model("resnet18", residual=False, weights="DEFAULT")
    with pytest.raises(ValueError, match="no published weights"):
        build_model("cifar_resnet20", weights="DEFAULT")
    with pytest.raises(ValueError, match="1000 classes"):
        build_model("resnet18", weights="DEFAULT", num_classes=10)


def test_torchvision_weights_load_through_torchvisions_own_path(tmp_path, monkeypatch):
    """Offline: a weights file placed where torchvision caches downloads is loaded by its real loading code."""
    from torchvision.models import ResNet18_Weights

    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    source = tv_resnet.resnet18()
    with torch.no_grad():
        source.fc.bias.fill_(0.125)
    cache = tmp_path / "hub" / "checkpoints"
    cache.mkdir(parents=True)
    torch.save(source.state_dict(), cache / ResNet18_Weights.IMAGENET1K_V1.url.rsplit("/", 1)[-1])
    model = build_model("resnet18", weights="IMAGENET1K_V1")
    assert torch.equal(model.fc.bias, torch.full((1000,), 0.125))


# ---------------------------------------------------------------------------------------------------------------
# The paper's shortcut options (Sec. 3.3), the V1 stride placement, VGG-19
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cifar_resnet20", "cifar_resnet56"])
def test_cifar_option_a_has_the_plain_twins_parameters(name):
    counts = {option: n_params(build_model(name, shortcut=option)) for option in "ABC"}
    assert counts["A"] == n_params(build_model(name, residual=False))
    assert counts["A"] < counts["B"] < counts["C"]
    assert shortcut_option(build_model(name)) == "A"  # the paper's CIFAR default


@pytest.mark.parametrize("name, expected", [("resnet34", 21_797_672), ("resnet50", 25_557_032)])
def test_torchvision_option_b_is_torchvisions_own_network(name, expected):
    with torch.device("meta"):  # counting needs no weights
        model, default = build_model(name, shortcut="B"), build_model(name)
        a, c = build_model(name, shortcut="A"), build_model(name, shortcut="C")
        plain = build_model(name, residual=False)
    assert n_params(model) == expected and shortcut_option(model) == "B"
    assert model.state_dict().keys() == default.state_dict().keys()
    assert shortcut_option(a) == "A" and shortcut_option(c) == "C"
    assert n_params(a) == n_params(plain) < expected < n_params(c)


@pytest.mark.parametrize("name", ["resnet18", "resnet50", "cifar_resnet20"])
@pytest.mark.parametrize("option", ["A", "B", "C"])
def test_every_option_runs_and_keeps_the_shapes(name, option):
    model = build_model(name, shortcut=option, num_classes=7).eval()
    size = 32 if name.startswith("cifar") else 64
    with torch.no_grad():
        assert model(torch.zeros(2, 3, size, size)).shape == (2, 7)
    kinds = {shortcut_kind(b) for s in stage_names(model) for b in getattr(model, s)}
    assert kinds == {"A": {"identity", "zero-pad"}, "B": {"identity", "projection"}, "C": {"projection"}}[option]


def test_options_and_weights_and_bad_values():
    with pytest.raises(ValueError, match="shortcut must be one of"):
        build_model("resnet18", shortcut="D")
    with pytest.raises(ValueError, match="option B"):
        build_model("resnet18", shortcut="A", weights="DEFAULT")
    assert shortcut_option(build_model("resnet18", residual=False)) is None


def test_the_v1_variant_strides_in_the_first_1x1_conv_with_the_same_shapes():
    v15, v1 = build_model("resnet50"), build_model("resnet50", variant="v1")
    for stage in ("layer2", "layer3", "layer4"):
        assert getattr(v15, stage)[0].conv2.stride == (2, 2) and getattr(v15, stage)[0].conv1.stride == (1, 1)
        assert getattr(v1, stage)[0].conv1.stride == (2, 2) and getattr(v1, stage)[0].conv2.stride == (1, 1)
    v1.load_state_dict(v15.state_dict())  # the same parameters
    with torch.no_grad():
        assert v1.eval()(torch.zeros(1, 3, 64, 64)).shape == (1, 1000)
    assert build_model("resnet18", variant="v1").layer2[0].conv1.stride == (2, 2)  # BasicBlocks: unchanged


def test_vgg19_is_torchvisions_and_names_are_displayed_as_the_paper_writes_them():
    with torch.device("meta"):
        vgg, deep = build_model("vgg19"), build_model("cifar_resnet1202")
    assert n_params(vgg) == 143_667_240 and paper_depth(vgg) == 19
    assert [display_name(n) for n in ("resnet50", "cifar_resnet20", "vgg19")] == \
        ["ResNet-50", "ResNet-20 (CIFAR)", "VGG-19"]
    assert paper_depth(build_model("resnet18")) == 18 and paper_depth(deep) == 1202


def test_layer_census_counts_what_the_paper_counts():
    """ResNet-18 is 17 convolutions and one fc on its main path, its projections apart; the only 7×7 is the stem."""
    with torch.device("meta"):
        r18, r50, c20 = (layer_census(build_model(n)) for n in ("resnet18", "resnet50", "cifar_resnet20"))
    assert (r18["convs"], r18["fc"], r18["projections"]) == (17, 1, 3)
    assert r18["convs"] + r18["fc"] == 18 and r50["convs"] + r50["fc"] == 50
    assert (r18["stem_kernel"], r18["block_kernels"], r50["block_kernels"]) == (7, [3], [1, 3])
    assert (c20["stem_kernel"], c20["projections"], c20["convs"] + c20["fc"]) == (3, 0, 20)  # option A: no convs


def test_stage_strides_are_the_products_of_the_strides_on_the_main_path():
    """FPN's C2..C5 strides for every ImageNet ResNet, plain twin included; a CIFAR net does not shrink at first."""
    with torch.device("meta"):
        for name in ("resnet18", "resnet50"):
            for residual in (True, False):
                assert stage_strides(build_model(name, residual=residual)) == {"layer1": 4, "layer2": 8, "layer3": 16,
                                                                               "layer4": 32}
        assert stage_strides(build_model("cifar_resnet20")) == {"layer1": 1, "layer2": 2, "layer3": 4}


def test_a_cifar_net_without_batch_norm_has_conv_biases_instead():
    for residual in (False, True):
        model = build_model("cifar_resnet8", residual=residual, width=4, batch_norm=False)
        assert not [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
        convs = [m for m in model.modules() if isinstance(m, nn.Conv2d)]
        assert convs and all(c.bias is not None and not c.bias.any() for c in convs)  # a bias each, zero at the start
        assert model(torch.randn(2, 3, 16, 16)).shape == (2, 10)
    projected = build_model("cifar_resnet8", width=4, shortcut="B", batch_norm=False)
    assert projected.layer2[0].shortcut[0].bias is not None
    assert not [m for m in projected.modules() if isinstance(m, nn.BatchNorm2d)]
    with pytest.raises(ValueError, match="CIFAR nets only"):
        build_model("resnet18", batch_norm=False)


def test_the_default_cifar_net_keeps_batch_norm_and_its_state_dict_keys():
    model = build_model("cifar_resnet8", width=4)
    bn = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    expected = ["conv1.weight", *(f"bn1.{k}" for k in bn)]
    for stage in ("layer1", "layer2", "layer3"):
        for conv in ("1", "2"):
            expected += [f"{stage}.0.conv{conv}.weight", *(f"{stage}.0.bn{conv}.{k}" for k in bn)]
    assert list(model.state_dict()) == expected + ["fc.weight", "fc.bias"]
    assert all(m.bias is None for m in model.modules() if isinstance(m, nn.Conv2d))

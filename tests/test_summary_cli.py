"""``python -m resnet_viz summary``: the table, CSV and JSON, and a clear error for a bad name."""

import csv
import io
import json

from resnet_viz.__main__ import main


def test_json_holds_rows_and_totals(capsys):
    assert main(["summary", "resnet50", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"] == {"params": 25_557_032, "macs": 4_089_184_256}
    assert data["input_shape"] == [3, 224, 224]
    assert data["rows"][0] == {"name": "conv1", "type": "Conv2d", "stage": "conv1", "output_shape": "64×112×112",
                               "params": 9408, "macs": 118_013_952, "receptive_field": 7}
    assert sum(r["params"] for r in data["rows"]) == 25_557_032


def test_csv_plain_cifar(capsys):
    assert main(["summary", "cifar_resnet20", "--plain", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[-1]["name"] == "fc" and rows[-1]["output_shape"] == "10"
    assert sum(int(r["params"]) for r in rows) == 269_722
    assert not any("shortcut" in r["name"] for r in rows)


def test_table_and_input_size(capsys):
    assert main(["summary", "resnet18", "--input-size", "128"]) == 0
    out = capsys.readouterr().out
    assert "layer4.1.relu (2)" in out and "512×4×4" in out
    assert "resnet18 (shortcut option B, 18 weighted layers) at 3×128×128: 11,689,512 parameters" in out


def test_shortcut_options_and_vgg19(capsys):
    totals = {}
    for option in "ABC":
        built_on = ["--device", "cpu"] if option == "A" else []  # counted on the meta device unless asked
        assert main(["summary", "resnet34", "--shortcut", option, "--format", "json", *built_on]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["shortcut"] == option and data["weighted_layers"] == 34
        totals[option] = data["totals"]["params"]
    assert totals["B"] == 21_797_672 and totals["A"] < totals["B"] < totals["C"]
    assert main(["summary", "vgg19"]) == 0
    assert "vgg19 (VGG, 19 weighted layers) at 3×224×224: 143,667,240 parameters, 19.632 GMACs" in \
        capsys.readouterr().out


def test_bad_name_exits_nonzero_with_one_line(capsys):
    assert main(["summary", "resnet51"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "unknown model 'resnet51'" in err

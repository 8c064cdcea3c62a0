"""Every page with numbers in its sentences, rendered in both languages at the edges of its inputs (the smallest and
the largest input size, the deepest and the shallowest network, the other shipped pair), with the printed numbers
checked against the library's own. A sentence that fills in numbers must stay true where its inputs end."""

from __future__ import annotations

import pytest
import torch

from app_pages.ui import concepts as concepts_data
from resnet_viz.i18n import Translator
from resnet_viz.nets.models import build_model, paper_depth
from resnet_viz.nets.summary import counted, global_pooling

EDGES = {"en": ("resnet18", 32, "resnet18", 1024, 20), "zh": ("cifar_resnet20", 1024, "resnet50", 32, 56)}


def texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "warning") for e in getattr(at, kind))


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", sorted(EDGES))
def test_every_page_at_the_edges_of_its_inputs(app, open_page, lang):
    tr = Translator(lang)
    model, size, walk_model, walk_size, depth = EDGES[lang]
    settings = dict(lang=lang, arch_model=model, arch_size=size, arch_shortcut="A" if "cifar" in model else "B",
                    arch_walk_model=walk_model, arch_walk_size=walk_size)
    for key, value in settings.items():
        app.session_state[key] = value
    at = open_page(app, "architecture.py")
    assert not at.exception
    table = counted(model, size, shortcut="A" if "cifar" in model else "B")
    with torch.device("meta"):
        depth_here = paper_depth(build_model(model))
    assert metric(at, tr("arch.params")) == f"{table.params:,}"
    assert metric(at, tr("arch.macs")) == f"{table.macs / 1e9:.3f} G"
    assert metric(at, tr("arch.layers")) == str(depth_here)

    at.session_state["arch_section"] = "table1"
    at.run()
    assert not at.exception
    gap = global_pooling(walk_model, walk_size)  # at 32 pixels the last stage's map is 1×1, and it is that one
    c, h, w = gap["map"]
    assert f"{c}×{h}×{w} → {c}" in texts(at) and f"{gap['fc_params']:,}" in texts(at)

    at.query_params.clear()  # the sidebar's page switch leaves the Architecture page's address behind
    at.switch_page("app_pages/concepts.py")
    at.session_state["concepts_section"], at.session_state["concepts_why_depth"] = "why", depth
    at.session_state["concepts_why_view"] = "surface" if lang == "zh" else "contour"  # each view in one language
    at.run()
    assert not at.exception
    pair = concepts_data.lesions()
    plain, resnet = pair[f"plain-{depth}"], pair[f"resnet-{depth}"]
    shown = texts(at)
    assert (tr("why.landscape.surface.help") in shown) == (lang == "zh")
    for value in (resnet.intact, plain.intact, resnet.worst, plain.worst):
        assert f"{value:.1%}" in shown, value
    assert f"{100 * resnet.median_rise:.1f}" in shown and f"{100 * plain.median_rise:.1f}" in shown

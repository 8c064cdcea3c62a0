"""Concepts page: the lesson's ideas, each checked against the paper and shown on real networks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.ui import concepts as data
from app_pages.ui import links
from app_pages.ui.errors import shown_errors
from app_pages.ui.session import bound, sections, translated, translator
from resnet_viz.explain.responses import (
    ARTICLE_FINE_TUNE_BATCH,
    FIGURE7_IMAGES,
    LEVEL,
    NEAR_EVAL,
    SAME,
    figure7_reading,
    median_std,
)
from resnet_viz.i18n.concepts import GLOSSARY
from resnet_viz.nets import paper
from resnet_viz.nets.models import VERY_DEEP, display_name
from resnet_viz.plots import (
    batch_norm_histograms,
    batch_size_chart,
    model_title,
    nested_function_classes,
    response_std_chart,
)
from resnet_viz.plots.training import training_curves
from resnet_viz.plots.why import landscape_chart, landscape_slice, landscape_surface, lesion_chart, paths_chart
from resnet_viz.train import ablation
from resnet_viz.why import live
from resnet_viz.why.landscape import LI_CHAOTIC_DEPTHS, LI_SMOOTH_DEPTH, edge_heights, neighbour_ratio, steps_to
from resnet_viz.why.paths import LAYERS_PER_BLOCK

SECTIONS = ("degradation", "block", "bn", "responses", "why", "results", "misconceptions", "glossary")
PARAMS = (links.choice("tab", "concepts_section", SECTIONS, "degradation"),
          links.choice("depth", "concepts_why_depth", data.WHY_DEPTHS, data.WHY_DEPTHS[-1], str),
          links.choice("view", "concepts_why_view", data.LANDSCAPE_VIEWS, data.LANDSCAPE_VIEWS[0]),
          links.choice("model", "concepts_bn_model", data.FIGURE7, data.BN_MODEL))


def main() -> None:
    links.restore("concepts", PARAMS)
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("concepts.title"))
    st.caption(tr("concepts.intro", arxiv=paper.ARXIV))
    links.show_notices(tr)
    for name, tab in sections(tr, SECTIONS, "concepts_section", "concepts.tab").items():
        if tab.open:
            with tab, shown_errors(tr):
                RENDER[name]()
    with share:
        links.share_link(tr, links.mirror("concepts", PARAMS))


def degradation() -> None:
    shallow, deep = paper.FIGURE1_DEPTHS
    with links.focus("degradation"):
        st.markdown(tr("concepts.degradation.body", vgg_depth=data.vgg_depth(), shallow=shallow, deep=deep))
    st.page_link("app_pages/lab.py", label=tr("concepts.lab.open"), icon=":material/show_chart:")
    st.subheader(tr("concepts.nested.title"))
    links.chart(nested_function_classes(tr), width="stretch", config={"displayModeBar": False})
    st.markdown(tr("concepts.nested.body"))


def block() -> None:
    with links.focus("block"):
        st.latex(r"y = \mathcal{F}(x, \{W_i\}) + x \qquad \longrightarrow \qquad \mathrm{ReLU}(y)")  # Eq. 1, then the second ReLU (Sec. 3.2)
        census = data.census("resnet34")
        st.markdown(tr("concepts.block.body", blocks=census["blocks"], identity=census["identity"],
                       projections=census["projection"], stride=paper.DOWNSAMPLE_STRIDE,
                       **data.figure5_squeeze()))
    st.page_link("app_pages/architecture.py", label=tr("concepts.block.open"), icon=":material/account_tree:",
                 query_params=links.followed({"model": "resnet34", "plain": "0", "size": "224", "shortcut": "B",
                                              "tab": "network", "lang": tr.lang}))


def batch_norm() -> None:
    st.markdown(tr("concepts.bn.body", batch=data.BN_IMAGES))
    st.markdown(tr("concepts.bn.why"))
    keys = data.bn_checkpoints()
    if not keys:
        st.info(tr("concepts.fig7.missing", names=", ".join(data.FIGURE7)))
        return
    left, right = st.columns(2)
    with left:
        key = bound(st.selectbox, tr("concepts.bn.checkpoint"), keys, key="concepts_bn_model",
                    format_func=lambda k: model_title(k, tr))
    layers = data.bn_layers(key)
    st.session_state.setdefault("concepts_bn_layer", layers[1] if len(layers) > 1 else layers[0])
    with right:
        layer = bound(st.selectbox, tr("concepts.bn.layer"), layers, key="concepts_bn_layer")
    view = data.bn_view(key, layer)
    links.chart(batch_norm_histograms(view, tr, height=300 if links.presenting() else 320), width="stretch")
    st.markdown(tr("concepts.bn.stats", channels=len(view.mean_before), mean_low=view.mean_before.min(),
                   mean_high=view.mean_before.max(), std_low=view.std_before.min(), std_high=view.std_before.max(),
                   norm_mean=abs(float(view.mean_normalised.mean())) + 0.0, norm_std=float(view.std_normalised.mean())))
    with links.focus("bn-modes"):
        st.subheader(tr("concepts.bn.modes.title"))
        accuracy = data.modes(key)
        st.markdown(tr("concepts.bn.modes", images=accuracy.images, model=model_title(key, tr), eval=accuracy.eval_mode,
                       batch=accuracy.train_mode_batch, one=accuracy.train_mode_one))
    batch_sizes(key)
    left, right = st.columns(2)
    convs, biases = data.conv_biases(key)
    with left:
        st.subheader(tr("concepts.bn.bias.title"))
        st.markdown(tr("concepts.bn.bias", model=model_title(key, tr), convs=convs, bias_params=f"{biases:,}"))
    with right:
        st.subheader(tr("concepts.bn.dropout.title"))
        st.markdown(tr("concepts.bn.dropout"))
    bn_ablation()


def bn_ablation() -> None:
    """Why BN is there: the shipped reference runs of plain and residual nets with and without it."""
    runs = data.bn_ablation_runs()
    if runs is None:
        return
    st.subheader(tr("concepts.bn.ablation.title"))
    summary = ablation.bn_ablation(*runs)
    st.markdown(tr("concepts.bn.ablation.body", depth=summary.depth, width=summary.width, size=summary.image_size,
                   iterations=summary.iterations, lr=summary.lr))
    names = [tr("concepts.bn.ablation.with"), tr("concepts.bn.ablation.without")]
    links.chart(training_curves(list(runs), tr=tr, names=names, height=340 if links.presenting() else 380),
                width="stretch")
    st.caption(tr("concepts.bn.ablation.caption"))
    shown = lambda v: tr("concepts.bn.ablation.diverged_value") if v is None else f"{v:.1%}"  # noqa: E731
    st.markdown(tr(f"concepts.bn.ablation.{summary.verdict}", depth=summary.depth, classes=summary.classes,
                   chance=summary.chance, **{f"{k}_with": shown(v) for k, v in summary.with_bn.items()},
                   **{f"{k}_without": shown(v) for k, v in summary.without_bn.items()}))


def batch_sizes(key: str) -> None:
    """Why BN needs a big enough batch: training-mode accuracy by batch size, evaluation mode for reference."""
    with links.focus("bn-sizes"):
        st.subheader(tr("concepts.bn.sizes.title"))
        sweep = data.batch_sizes(key)
        model = model_title(key, tr)
        st.markdown(tr("concepts.bn.sizes.body", images=sweep.images, model=model))
        links.chart(batch_size_chart(sweep, tr, height=300 if links.presenting() else 320), width="stretch")
    case, values = sweep.verdict()
    st.markdown(tr(f"concepts.bn.sizes.{case}", **values))
    if ARTICLE_FINE_TUNE_BATCH in sweep.sizes and sweep.gap(ARTICLE_FINE_TUNE_BATCH) > NEAR_EVAL:  # it hurts there
        st.markdown(tr("concepts.bn.sizes.article", article=ARTICLE_FINE_TUNE_BATCH, model=model,
                       article_acc=sweep.at(ARTICLE_FINE_TUNE_BATCH), eval=sweep.eval_mode))


def responses() -> None:
    st.markdown(tr("concepts.fig7.body", images=FIGURE7_IMAGES))
    found, groups = data.figure7()
    missing = [key for key in data.FIGURE7 if key not in found]
    if missing:
        st.info(tr("concepts.fig7.missing", names=", ".join(model_title(k, tr) for k in missing)))
    if not found:
        return
    links.chart(response_std_chart(found, tr, height=340 if links.presenting() else 380), width="stretch")
    medians = {key: median_std(values) for key, values in found.items()}
    reading = figure7_reading(medians, data.WHY_DEPTHS, groups)
    lines = [tr("concepts.fig7.pair", plain=model_title(f"plain-{d}", tr), resnet=model_title(f"resnet-{d}", tr),
                plain_std=medians[f"plain-{d}"], resnet_std=medians[f"resnet-{d}"]) for d in reading["pairs"]]
    if reading["pairs"]:
        lines.append(tr("concepts.fig7.agree" if reading["agree"] else "concepts.fig7.disagree",
                        depths=tr("common.list_sep").join(map(str, reading["pairs"])), same=SAME))
    if reading["deeper"]:
        deep, shallow = f"resnet-{reading['deep']}", f"resnet-{reading['shallow']}"
        interval = reading["interval"] or {}
        lines.append(tr(f"concepts.fig7.deeper_{reading['deeper']}", deep=model_title(deep, tr),
                        shallow=model_title(shallow, tr), deep_std=medians[deep], shallow_std=medians[shallow],
                        images=FIGURE7_IMAGES, ratio=interval.get("ratio", medians[deep] / medians[shallow]),
                        low=interval.get("low", float("nan")), high=interval.get("high", float("nan")),
                        level=interval.get("level", LEVEL), groups=interval.get("groups", 0), same=SAME))
        runs = {"shallow": data.training_run(shallow), "deep": data.training_run(deep)}
        if all(runs.values()):  # the two checkpoints' runs: a difference besides the depth, said
            values = {f"{k}_{f}": run[f] for k, run in runs.items() for f in ("iterations", "device", "precision")}
            same = runs["deep"]["id"] == runs["shallow"]["id"]
            lines.append(tr("concepts.fig7.same_run" if same else "concepts.fig7.runs", shallow=model_title(shallow, tr),
                            deep=model_title(deep, tr), paper_iterations=paper.CIFAR_ITERATIONS, **values))
    st.markdown("\n".join(f"- {line}" for line in lines))


def results() -> None:
    table4, table6 = paper.TABLE4, paper.TABLE6
    st.markdown(tr("concepts.results.body", models=paper.ENSEMBLE_MODELS, top5=paper.ENSEMBLE_TOP5_TEST,
                   r152_top1=table4["resnet152"].top1, r152_top5=table4["resnet152"].top5,
                   coco=paper.COCO_RELATIVE_IMPROVEMENT))
    left, right = st.columns(2)
    with left:
        st.subheader(tr("concepts.results.table4"))
        st.caption(tr("concepts.results.table4.testing"))
        st.caption(tr("concepts.results.topk", classes=data.imagenet_classes()))
        # static tables: every column shows at 1280 px, the text wraps; numbers as the paper prints them
        st.table(pd.DataFrame([{tr("concepts.results.col.model"): _table4_name(key),
                                tr("concepts.results.col.top1"): f"{row.top1:.2f}",
                                tr("concepts.results.col.top5"): f"{row.top5:.2f}"} for key, row in table4.items()])
                 .set_index(tr("concepts.results.col.model")))
    with right:
        st.subheader(tr("concepts.results.table6"))
        st.table(pd.DataFrame([{tr("concepts.results.col.model"): f"ResNet-{depth}",
                                tr("concepts.results.col.error"): f"{row.error:.2f}",
                                tr("concepts.results.col.params_paper"): f"{row.params_m}",
                                tr("concepts.results.col.params_here"): f"{data.params(f'cifar_resnet{depth}'):,}"}
                               for depth, row in table6.items()]).set_index(tr("concepts.results.col.model")))
        st.caption(tr("concepts.results.table6.runs", runs=paper.RESNET110_RUNS, best=table6[110].error,
                      mean=paper.RESNET110_MEAN, std=paper.RESNET110_STD))
    st.markdown(tr("concepts.results.1202", params=data.params(f"cifar_resnet{VERY_DEEP}"),
                   paper_params=table6[VERY_DEEP].params_m, train=paper.RESNET1202_TRAIN_ERROR_BELOW,
                   e1202=table6[VERY_DEEP].error, e110=paper.RESNET110_MEAN, runs=paper.RESNET110_RUNS))


def _table4_name(key: str) -> str:
    name, _, option = key.partition("-")
    return display_name(name) + (f" ({option})" if option else "")


def misconceptions() -> None:
    st.markdown(tr("concepts.misconceptions.body", **data.misconception_numbers()))


def glossary() -> None:
    st.caption(tr("concepts.glossary.help"))
    # A static table: it wraps its cells and shows every row, on a projector too (a data grid scrolls inside)
    st.table(pd.DataFrame([{tr("concepts.glossary.col.en"): en, tr("concepts.glossary.col.zh"): zh,
                            tr("concepts.glossary.col.articles"): articles or "—",
                            tr("concepts.glossary.col.also"): also or "—"}
                           for en, zh, articles, also in GLOSSARY]).set_index(tr("concepts.glossary.col.en")))


def why() -> None:
    """Why residual networks train: the lesion study of the shipped pairs (Veit et al. 2016), and the paths."""
    st.markdown(tr("why.body", stride=paper.DOWNSAMPLE_STRIDE, growth=paper.WIDTH_GROWTH))
    lesions = data.lesions()
    if not lesions:
        st.info(tr("why.missing"))
        return
    with links.focus("lesion"):
        depth = bound(st.radio, tr("why.pick"), data.WHY_DEPTHS, key="concepts_why_depth", horizontal=True,
                      format_func=lambda d: tr("why.pair", plain=model_title(f"plain-{d}", tr),
                                               resnet=model_title(f"resnet-{d}", tr)))
        pair = {key: lesions[key] for key in (f"plain-{depth}", f"resnet-{depth}") if key in lesions}
        links.chart(lesion_chart(pair, tr, height=330 if links.presenting() else 380), width="stretch")
    if len(pair) == 2:
        plain, resnet = pair[f"plain-{depth}"], pair[f"resnet-{depth}"]
        st.markdown(tr("why.lesion.result", resnet=model_title(f"resnet-{depth}", tr),
                       plain=model_title(f"plain-{depth}", tr), images=resnet.images, deletable=sum(
                           b.deletable for b in resnet.blocks), fixed=sum(not b.deletable for b in resnet.blocks),
                       resnet_intact=resnet.intact, resnet_rise=100 * resnet.median_rise, plain_intact=plain.intact,
                       plain_rise=100 * plain.median_rise, plain_worst=plain.worst, resnet_worst=resnet.worst,
                       chance=data.chance(),
                       draws=resnet.draws))
    st.caption(tr("why.lesion.reading"))
    st.subheader(tr("why.paths.title"))
    paths = data.paths(depth)
    links.chart(paths_chart(paths["counts"], paths["veit"], tr, height=260 if links.presenting() else 300),
                    width="stretch")
    st.markdown(tr("why.paths.body", model=model_title(f"resnet-{depth}", tr), n=paths["n"],
                   paths=f"{paths['total']:,}", low=paths["low"], high=paths["high"], share=paths["share"],
                   veit_low=paths["veit"][0], veit_high=paths["veit"][1], veit_n=paths["veit_n"],
                   veit_layers_low=LAYERS_PER_BLOCK * paths["veit"][0],
                   veit_layers_high=LAYERS_PER_BLOCK * paths["veit"][1]))
    landscape(depth)


def landscape(depth: int) -> None:
    """The loss landscape of the shipped pair of ``depth`` (Li et al. 2018), computed once by
    ``python -m resnet_viz landscape``."""
    st.subheader(tr("why.landscape.title"))
    shipped = data.landscapes()
    grids = {k: shipped["networks"][k]["loss"] for k in (f"plain-{depth}", f"resnet-{depth}")
             if k in shipped.get("networks", {})}
    if len(grids) < 2:
        st.info(tr("why.landscape.missing"))
        return
    coords = shipped["coords"]
    view = translated(st.radio, tr("why.landscape.view"), list(data.LANDSCAPE_VIEWS), "concepts_why_view", tr,
                      format_func=lambda v: tr(f"why.landscape.view.{v}"), horizontal=True)
    if view == "surface":
        links.chart(landscape_surface(grids, coords, tr, height=360 if links.presenting() else 420), width="stretch")
        st.caption(tr("why.landscape.surface.help"))
    else:
        links.chart(landscape_chart(grids, coords, tr, height=330 if links.presenting() else 380), width="stretch")
    links.chart(landscape_slice(grids, coords, tr, height=240 if links.presenting() else 280), width="stretch")
    plain, resnet = f"plain-{depth}", f"resnet-{depth}"
    centre, steps = len(coords) // 2, steps_to(coords)
    st.markdown(tr("why.landscape.body", plain=model_title(plain, tr), resnet=model_title(resnet, tr),
                   points=len(coords), step=coords[1] - coords[0], images=shipped["images"], seed=shipped["seed"],
                   params=f"{shipped['networks'][resnet]['params']:,}", plain_centre=grids[plain][centre][centre],
                   resnet_centre=grids[resnet][centre][centre], near=steps * (coords[1] - coords[0]),
                   plain_ratio=neighbour_ratio(grids[plain], steps),
                   resnet_ratio=neighbour_ratio(grids[resnet], steps)))
    top = edge_heights(grids)
    if top[resnet] > top[plain]:  # said only when the grid shows it
        st.caption(tr("why.landscape.edges", plain=model_title(plain, tr), resnet=model_title(resnet, tr),
                      plain_top=top[plain], resnet_top=top[resnet]))
    st.caption(tr("why.landscape.reading", params=f"{shipped['networks'][resnet]['params']:,}", smooth=LI_SMOOTH_DEPTH,
                   chaotic=tr("common.pair", first=LI_CHAOTIC_DEPTHS[0], second=LI_CHAOTIC_DEPTHS[1])))
    lab_study()


def lab_study() -> None:
    """Both measurements, smaller, on a checkpoint the Lab saved: a job of the server's queue, with its progress."""
    st.subheader(tr("why.live.title"))
    found = data.lab_checkpoints()
    if not found:
        st.caption(tr("why.live.none"))
        return
    st.caption(tr("why.live.body", images=live.LIVE_IMAGES, draws=live.LIVE_DRAWS, points=live.LIVE_POINTS,
                  train_images=live.LIVE_LANDSCAPE_IMAGES))
    job = data.live_job()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        label = bound(st.selectbox, tr("why.live.pick"), list(found), key="concepts_why_live")
    with right:
        if st.button(tr("why.live.run"), disabled=job is not None and not job.done, width="stretch"):
            data.start_live(found[label], label)
            job = data.live_job()

    @st.fragment(run_every=1.0 if job is not None and not job.done else None)
    def changing() -> None:
        job = data.live_job()
        if job is None:
            return
        if not job.done:
            progress = job.progress()
            if job.state == "queued" or "part" not in progress:
                st.info(tr("why.live.queued"))
            else:
                st.progress(progress["done"] / max(progress["total"], 1),
                            text=tr(f"why.live.{progress['part']}", done=progress["done"], total=progress["total"]))
            return
        if st.session_state.get("concepts_why_live_shown") != job.id:  # finished: redraw once, without polling
            st.session_state["concepts_why_live_shown"] = job.id
            st.rerun(scope="app")
        if job.state != "done":
            st.error(tr("why.live.failed", error=job.error or job.state))
            return
        live_results(job.result)

    changing()


def live_results(result: dict) -> None:
    key, study, land = result["key"], result["lesion"], result["landscape"]
    links.chart(lesion_chart({key: study}, tr, height=300 if links.presenting() else 340), width="stretch")
    links.chart(landscape_chart({key: land["loss"]}, land["coords"], tr, height=300 if links.presenting() else 340),
                width="stretch")
    centre = len(land["coords"]) // 2
    st.markdown(tr("why.live.result", model=model_title(key, tr), checkpoint=result["label"], images=study.images,
                   intact=study.intact, deletable=sum(b.deletable for b in study.blocks),
                   rise=100 * study.median_rise, worst=study.worst, centre=land["loss"][centre][centre],
                   accuracy=land["accuracy"][centre][centre], train_images=land["images"],
                   step=land["coords"][1] - land["coords"][0], ratio=neighbour_ratio(land["loss"])))


RENDER = {"degradation": degradation, "block": block, "bn": batch_norm, "responses": responses, "why": why,
          "results": results, "misconceptions": misconceptions, "glossary": glossary}
tr = translator()
main()

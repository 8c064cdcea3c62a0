"""Inspector page: an image through a network: top-5, Grad-CAM, feature maps, other attributions, two models."""

from __future__ import annotations

import dataclasses

import numpy as np
import streamlit as st
import torch
from PIL import Image

from app_pages.ui import inspector_results as results
from app_pages.ui import links
from app_pages.ui.errors import shown_errors
from app_pages.ui.inspector_models import apply_link, image_picker, link_name, model_picker, sample_name
from app_pages.ui.session import bound, sections, translated, translator
from resnet_viz.anatomy.walk import stage_of
from resnet_viz.explain import METHODS, Explanation, feature_taps, rank_correlation, tap_kind
from resnet_viz.explain.attributions import TOP_K
from resnet_viz.explain.sources import Classifier, resolve_class
from resnet_viz.lesson import table1_plan
from resnet_viz.nets.models import stage_names, stage_strides
from resnet_viz.plots import (
    HEATMAP_COLOURS,
    channel_view,
    enlarge,
    faithfulness_chart,
    feature_grid,
    overlay_image,
    png_bytes,
    shape_label,
    top_k_chart,
)
from resnet_viz.train.data import DATASETS

SECTIONS = ("stages", "features", "methods", "compare")
PARAMS = (
    links.choice("source", "insp_image_source", ("sample", "upload", "camera"), "sample"),
    links.Param("model", "insp_link_model", str, ""),
    links.Param("sample", "insp_link_sample", str, ""),
    links.Param("layer", "insp_link_layer", str, ""),
    links.Param("target", "insp_link_target", str, ""),
    links.choice("method", "insp_method", METHODS, "grad_cam"),
)


@dataclasses.dataclass(frozen=True)
class Subject:
    """One image through one model, and the choices every map on the page shares."""

    clf: Classifier
    digest: str
    image: Image.Image
    label: str  # the image's name: a sample's title, a file name, "camera photo"
    seen: np.ndarray  # what the model sees, H×W×3 uint8
    x: torch.Tensor  # the model's input
    first: Explanation  # top-5 and the top-1 Grad-CAM at the last stage, from one pass
    target: int
    layer: str
    method: str  # the map in the main panel: one of resnet_viz.explain.METHODS
    opacity: float
    colours: str
    trust: bool

    def overlay(self, cam: np.ndarray) -> np.ndarray:
        return overlay_image(self.seen, cam, self.opacity, self.colours)


CLOSED_SET_NAMED = 12  # a model with this many classes or fewer has them named under its bars


def main() -> None:
    if links.restore("inspector", PARAMS):
        apply_link()
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("insp.title"))
    st.caption(tr("insp.intro", k=TOP_K, size=DATASETS["fashion-mnist"].image_size))
    links.show_notices(tr)
    subject = None
    try:
        subject = inspect()
    finally:
        ss = st.session_state
        ss["insp_link_model"] = link_name(subject.clf if subject else None) or ss.get("insp_link_model", "")
        ss["insp_link_sample"] = sample_name()
        if subject is not None:
            ss["insp_link_layer"], ss["insp_link_target"] = subject.layer, subject.clf.classes[subject.target]
        with share:
            links.share_link(tr, links.mirror("inspector", PARAMS))


def inspect() -> Subject | None:
    """The pickers, then everything about the image through the model; the subject shown, or None."""
    pick_model, pick_image = st.columns(2, gap="large")
    with pick_model:
        st.subheader(tr("insp.model.heading"))
        clf = model_picker(tr, "insp_a")
    with pick_image:
        st.subheader(tr("insp.image.heading"))
        picked = image_picker(tr, prefer_fashion=clf is not None and clf.in_channels == 1)
    if clf is None or picked is None:
        st.info(tr("insp.waiting"))
        return None
    subject = first_look(clf, *picked)
    if subject is None:
        return None
    with links.focus("prediction"):
        show_prediction(subject)
    show_sections(subject)
    return subject


def first_look(clf: Classifier, digest: str, image: Image.Image, label: str) -> Subject | None:
    """The first pass (top-5 and Grad-CAM), then the controls every map shares; None if the pass failed."""
    first = None
    with shown_errors(tr), st.spinner(tr("insp.working")):
        seen, x = clf.preprocess(image)
        first = results.explanation(clf.key, digest, stage_names(clf.model)[-1], None, clf, x)
    if first is None:
        return None
    top = first.prediction
    ss = st.session_state
    stages = stage_names(clf.model)
    pending = ss.pop("insp_pending", {})
    if pending.get("layer"):
        if pending["layer"] in stages:
            ss["insp_layer"] = pending["layer"]
        else:
            links.notice("layer", pending["layer"])
    if ss.get("insp_layer") not in stages:
        ss["insp_layer"] = stages[-1]
    if pending.get("target"):
        try:
            ss["insp_target"] = resolve_class(clf, pending["target"])
        except ValueError:
            links.notice("target", pending["target"])
            ss["insp_target"] = top.top1
    elif ss.get("insp_target_for") != (clf.key, digest):  # a new model or image: its own top-1
        ss["insp_target"] = top.top1
    ss["insp_target_for"] = (clf.key, digest)
    links.show_notices(tr)
    c_class, c_layer, c_method, c_opacity, c_colours = st.columns([3, 2, 2, 2, 2])
    ranked = list(top.indices) + sorted(set(range(len(clf.classes))) - set(top.indices), key=clf.classes.__getitem__)
    with c_class:
        target = bound(st.selectbox, tr("insp.cam.class"), ranked, key="insp_target",
                       format_func=lambda i: f"{tr.name('class', clf.classes[i])} ({i})")
    with c_layer:
        layer = bound(st.selectbox, tr("insp.cam.layer"), stages, key="insp_layer")
    with c_method:
        method = translated(st.selectbox, tr("insp.cam.method"), list(METHODS), "insp_method", tr,
                            lambda m: tr(f"insp.method.{m}"))
    opacity = c_opacity.slider(tr("insp.cam.opacity"), 0.0, 1.0, 0.5, 0.05, key="insp_opacity")
    colours = c_colours.selectbox(tr("insp.cam.colours"), HEATMAP_COLOURS, key="insp_colours")
    trust = False if links.presenting() else st.toggle(tr("insp.trust.toggle"), key="insp_trust",
                                                       help=tr("insp.trust.help"))
    return Subject(clf, digest, image, label, seen, x, first, target, layer, method, opacity, colours, trust)


def show_prediction(s: Subject) -> None:
    """What the model sees, what it predicts, where it looks (and, asked, whether to trust the map)."""
    clf, top = s.clf, s.first.prediction
    see, predicted, looked = st.columns([2, 3, 3], gap="medium")
    with see:
        st.markdown(f"**{tr('insp.seen.heading')}**")
        st.image(enlarge(s.seen), width="stretch", alt=tr("insp.alt.seen", label=s.label))
        st.caption(tr("insp.seen.caption", label=s.label,
                      size=shape_label(tuple(s.x.shape[1:])), model=clf.name))
    with predicted:
        st.markdown(f"**{tr('insp.top5.heading', k=len(top.indices))}**")
        links.chart(top_k_chart([tr.name("class", clf.classes[i]) for i in top.indices], list(top.probabilities),
                                    highlight=top.indices.index(s.target) if s.target in top.indices else None),
                        width="stretch", config={"displayModeBar": False}, key="insp_top5")
        names = tr("common.list_sep").join(tr.name("class", c) for c in clf.classes)
        st.caption(tr("insp.closed_set", n=len(clf.classes),
                      named=tr("insp.closed_set.named", names=names) if len(clf.classes) <= CLOSED_SET_NAMED else ""))
    cam = None
    with looked, shown_errors(tr):
        heading = tr("insp.cam.heading", cls=tr.name("class", clf.classes[s.target]), layer=s.layer,
                     method=tr(f"insp.method.{s.method}"))
        st.markdown(f"**{heading}**")
        with st.spinner(tr("insp.working")):
            if s.method == "grad_cam":
                same = s.layer == s.first.layer and s.target == s.first.target
                chosen = s.first if same else results.explanation(clf.key, s.digest, s.layer, s.target, clf, s.x)
                cam, caption = chosen.cam, tr("insp.cam.caption", layer=s.layer,
                                              resolution=shape_label(chosen.resolution))
            else:
                cam = results.attribution(s.method, clf.key, s.digest, s.layer, s.target, clf, s.x)
                caption = tr(f"insp.method.{s.method}.help")
        picture = s.overlay(cam)
        st.image(picture, width="stretch", caption=caption, alt=heading)
        st.download_button(tr("insp.cam.download"), png_bytes(picture), f"{s.method}-{s.layer}-{s.target}.png",
                           "image/png", key="insp_download", icon="⬇️", on_click="ignore")
    if s.trust and cam is not None:
        with st.expander(tr("insp.trust.curves", layer=s.layer, method=tr(f"insp.method.{s.method}")),
                         expanded=False), shown_errors(tr):
            score = results.faithfulness(s.method, clf.key, s.digest, s.layer, s.target, clf, s.x, cam)
            links.chart(faithfulness_chart(list(score.deletion_curve), list(score.insertion_curve), tr),
                            width="stretch", key="insp_curves")
            st.caption(tr("insp.trust.explain"))


def trust_notes(s: Subject, column, method: str, method_layer: str | None, cam: np.ndarray) -> None:
    """Under a map: its deletion/insertion scores and the same map for the randomised model."""
    with column, shown_errors(tr), st.spinner(tr("insp.working")):
        score = results.faithfulness(method, s.clf.key, s.digest, method_layer, s.target, s.clf, s.x, cam)
        st.caption(tr("insp.trust.scores", deletion=score.deletion, insertion=score.insertion))
        random_clf = results.randomized_model(s.clf.key, s.clf)
        random_cam = results.attribution(method, random_clf.key, s.digest, method_layer, s.target, random_clf, s.x)
        st.image(s.overlay(random_cam), width="stretch", alt=tr("insp.alt.method", method=tr(f"insp.method.{method}")),
                 caption=tr("insp.trust.random", rho=rank_correlation(cam, random_cam)) if random_cam.any()
                 else tr("insp.trust.random_flat"))


def show_sections(s: Subject) -> None:
    """The four sections; only the open one is computed. The open section is kept across languages."""
    renderers = {"stages": stages_tab, "features": features_tab, "methods": methods_tab, "compare": compare_tab}
    for name, section in sections(tr, SECTIONS, "insp_section", "insp.tab").items():
        if section.open:
            with section:
                renderers[name](s)


def stages_tab(s: Subject) -> None:
    """The same class explained at the end of each stage."""
    st.caption(tr("insp.stages.caption"))
    strides = stage_strides(s.clf.model)
    stages = list(strides)
    for column, stage in zip(st.columns(len(stages)), stages):
        result = None
        with column, shown_errors(tr), st.spinner(tr("insp.working")):
            result = results.explanation(s.clf.key, s.digest, stage, s.target, s.clf, s.x)
            st.image(s.overlay(result.cam), width="stretch", alt=tr("insp.alt.method", method=stage),
                     caption=tr("insp.stage.caption", layer=stage, resolution=shape_label(result.resolution),
                                stride=strides[stage]))
        if s.trust and result is not None:
            trust_notes(s, column, "grad_cam", stage, result.cam)
    imagenet = "layer4" in strides  # four stages, conv2_x to conv5_x: the ImageNet layout
    listed = tr("common.list_sep").join(f"{stage_of(k) if imagenet else k} {v}" for k, v in strides.items())
    st.markdown(tr("insp.backbone" if imagenet else "insp.backbone.cifar", strides=listed, last=strides[stages[-1]],
                   stages=table1_plan()["stages"]))


def features_tab(s: Subject) -> None:
    """The feature maps at a chosen tap: a grid of the strongest channels, and one channel large."""
    with shown_errors(tr):
        key = s.clf.key
        c_tap, c_count = st.columns([3, 2])
        with c_tap:
            tap = translated(st.selectbox, tr("insp.features.layer"), feature_taps(s.clf.model), f"insp_tap_{key}",
                             tr, lambda t: tr(f"insp.features.kind.{tap_kind(t)}", tap=t))
        count = c_count.select_slider(tr("insp.features.count"), [8, 16, 32, 64], value=32, key="insp_count")
        with st.spinner(tr("insp.working")):
            maps, order, means = results.features(key, s.digest, tap, s.clf, s.x)
        st.markdown(tr("insp.features.shape", tap=tap, shape=shape_label(maps.shape), shown=min(count, len(maps))))
        grid, single = st.columns([3, 2], gap="medium")
        with grid:
            links.chart(feature_grid(maps.astype(np.float32), order[:count].tolist(),
                                         label=tr("insp.features.channel")), width="stretch", key="insp_grid")
            st.caption(tr("insp.features.grid_caption"))
        with single:
            channel = translated(st.selectbox, tr("insp.features.pick"), order.tolist(), f"insp_channel_{key}_{tap}",
                                 tr, lambda c: tr("insp.features.pick_label", channel=c, mean=means[c]))
            links.chart(channel_view(maps[channel].astype(np.float32),
                                         tr("insp.features.single", tap=tap, channel=channel,
                                            size=shape_label(maps.shape[1:]))),
                            width="stretch", key="insp_channel_view")


def methods_tab(s: Subject) -> None:
    """Guided Grad-CAM, Integrated Gradients and Occlusion beside each other."""
    st.caption(tr("insp.methods.caption"))
    for column, method in zip(st.columns(3), METHODS[1:]):
        cam = None
        with column, shown_errors(tr), st.spinner(tr("insp.working")):
            st.markdown(f"**{tr(f'insp.method.{method}')}**")
            cam = results.attribution(method, s.clf.key, s.digest, s.layer, s.target, s.clf, s.x)
            st.image(s.overlay(cam), width="stretch", alt=tr("insp.alt.method", method=tr(f"insp.method.{method}")))
            st.caption(tr(f"insp.method.{method}.help"))
        if s.trust and cam is not None:
            trust_notes(s, column, method, s.layer, cam)


def compare_tab(s: Subject) -> None:
    """A second model on the same image: its top-5 and its Grad-CAM beside the first model's."""
    st.caption(tr("insp.compare.caption"))
    _, picker = st.columns(2, gap="large")
    with picker:
        other = model_picker(tr, "insp_b", second=True)
    for side, column, model, explained, shown in zip("ab", st.columns(2, gap="large"), [s.clf, other],
                                                      [s.first, None], [s.seen, None]):
        if model is None:
            continue
        with column, shown_errors(tr), st.spinner(tr("insp.working")):
            if explained is None:
                shown, model_x = model.preprocess(s.image)
                explained = results.explanation(model.key, s.digest, stage_names(model.model)[-1], None, model,
                                                model_x)
            prediction = explained.prediction
            st.markdown(f"**{model.name}**")
            links.chart(top_k_chart([tr.name("class", model.classes[i]) for i in prediction.indices],
                                        list(prediction.probabilities)),
                            width="stretch", config={"displayModeBar": False}, key=f"insp_compare_{side}")
            st.image(overlay_image(shown, explained.cam, s.opacity, s.colours), width="stretch", alt=tr(
                "insp.compare.cam", cls=tr.name("class", model.classes[explained.target]), layer=explained.layer),
                     caption=tr("insp.compare.cam", cls=tr.name("class", model.classes[explained.target]),
                                layer=explained.layer))


tr = translator()
main()

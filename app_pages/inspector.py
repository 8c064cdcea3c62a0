"""Inspector page: an image through a network: top-5, Grad-CAM, feature maps, other attributions, two models."""

import numpy as np
import streamlit as st

from app_pages import inspector_state as state
from app_pages.common import translated, translator
from resnet_viz.explain import METHODS, feature_taps, rank_correlation
from resnet_viz.models import stage_names
from resnet_viz.plots import (
    HEATMAP_COLOURS, channel_view, enlarge, faithfulness_chart, feature_grid, overlay_image, png_bytes, shape_label,
    top_k_chart,
)

tr = translator()
st.title(tr("insp.title"))
st.caption(tr("insp.intro"))

pick_model, pick_image = st.columns(2, gap="large")
with pick_model:
    st.subheader(tr("insp.model.heading"))
    clf = state.model_picker(tr, "insp_a")
with pick_image:
    st.subheader(tr("insp.image.heading"))
    picked = state.image_picker(tr, prefer_fashion=clf is not None and clf.in_channels == 1)
if clf is None or picked is None:
    st.info(tr("insp.waiting"))
    st.stop()

digest, image, image_label = picked
key = clf.key
stages = stage_names(clf.model)
first = None
with state.shown_errors(tr), st.spinner(tr("insp.working")):
    seen, x = clf.preprocess(image)
    first = state.explanation(key, digest, stages[-1], None, clf, x)  # top-5 and the top-1 Grad-CAM: one pass
if first is None:
    st.stop()
top = first.prediction

# --- Controls shared by every map on the page ---------------------------------------------------------------
c_class, c_layer, c_opacity, c_colours = st.columns([3, 2, 2, 2])
ranked = list(top.indices) + sorted(set(range(len(clf.classes))) - set(top.indices), key=clf.classes.__getitem__)
target = c_class.selectbox(tr("insp.cam.class"), ranked, key=f"insp_target_{key}_{digest[:12]}",
                           format_func=lambda i: f"{clf.classes[i]} ({i})")
layer = c_layer.selectbox(tr("insp.cam.layer"), stages, index=len(stages) - 1, key=f"insp_layer_{key}")
opacity = c_opacity.slider(tr("insp.cam.opacity"), 0.0, 1.0, 0.5, 0.05, key="insp_opacity")
colours = c_colours.selectbox(tr("insp.cam.colours"), HEATMAP_COLOURS, key="insp_colours")
trust = st.toggle(tr("insp.trust.toggle"), key="insp_trust", help=tr("insp.trust.help"))


def overlay(cam: np.ndarray) -> np.ndarray:
    return overlay_image(seen, cam, opacity, colours)


def trust_notes(column, method: str, method_layer: str | None, cam: np.ndarray) -> None:
    """Under a map: its deletion/insertion scores and the same map for the randomised model."""
    with column, state.shown_errors(tr), st.spinner(tr("insp.working")):
        score = state.faithfulness(method, key, digest, method_layer, target, clf, x, cam)
        st.caption(tr("insp.trust.scores", deletion=score.deletion, insertion=score.insertion))
        random_clf = state.randomized_model(key, clf)
        random_cam = state.attribution(method, random_clf.key, digest, method_layer, target, random_clf, x)
        st.image(overlay(random_cam), width="stretch",
                 caption=tr("insp.trust.random", rho=rank_correlation(cam, random_cam)) if random_cam.any()
                 else tr("insp.trust.random_flat"))


# --- What the model sees, what it predicts, where it looks ----------------------------------------------------
see, predicted, looked = st.columns([2, 3, 3], gap="medium")
with see:
    st.markdown(f"**{tr('insp.seen.heading')}**")
    st.image(enlarge(seen), width="stretch")
    st.caption(tr("insp.seen.caption", label=image_label, size=shape_label(tuple(x.shape[1:])), model=clf.name))
with predicted:
    st.markdown(f"**{tr('insp.top5.heading')}**")
    st.plotly_chart(top_k_chart([clf.classes[i] for i in top.indices], list(top.probabilities),
                                highlight=top.indices.index(target) if target in top.indices else None),
                    width="stretch", config={"displayModeBar": False}, key="insp_top5")
with looked, state.shown_errors(tr):
    st.markdown(f"**{tr('insp.cam.heading', cls=clf.classes[target], layer=layer)}**")
    with st.spinner(tr("insp.working")):
        same = layer == first.layer and target == first.target
        chosen = first if same else state.explanation(key, digest, layer, target, clf, x)
    picture = overlay(chosen.cam)
    st.image(picture, width="stretch", caption=tr("insp.cam.caption", layer=layer,
                                                   resolution=shape_label(chosen.resolution)))
    st.download_button(tr("insp.cam.download"), png_bytes(picture), f"gradcam-{layer}-{target}.png", "image/png",
                       key="insp_download", icon="⬇️", on_click="ignore")
if trust:
    with st.expander(tr("insp.trust.curves", layer=layer), expanded=False), state.shown_errors(tr):
        score = state.faithfulness("grad_cam", key, digest, layer, target, clf, x, chosen.cam)
        st.plotly_chart(faithfulness_chart(list(score.deletion_curve), list(score.insertion_curve), tr),
                        width="stretch", key="insp_curves")
        st.caption(tr("insp.trust.explain"))

# --- The sections, computed only when opened -----------------------------------------------------------------
sections = ["stages", "features", "methods", "compare"]
labels = [tr(f"insp.tab.{s}") for s in sections]
opened = st.session_state.get("insp_section", "stages")  # kept across languages, like translated_choice
if st.session_state.get(f"insp_tab.{tr.lang}") not in labels:
    st.session_state[f"insp_tab.{tr.lang}"] = labels[sections.index(opened)]
tab_stages, tab_features, tab_methods, tab_compare = tabs = st.tabs(labels, key=f"insp_tab.{tr.lang}",
                                                                    on_change="rerun")
st.session_state["insp_section"] = next((s for s, tab in zip(sections, tabs) if tab.open), opened)

if tab_stages.open:
    with tab_stages:
        st.caption(tr("insp.stages.caption"))
        for column, stage in zip(st.columns(len(stages)), stages):
            with column, state.shown_errors(tr), st.spinner(tr("insp.working")):
                result = state.explanation(key, digest, stage, target, clf, x)
                st.image(overlay(result.cam), width="stretch",
                         caption=tr("insp.cam.caption", layer=stage, resolution=shape_label(result.resolution)))
            if trust:
                trust_notes(column, "grad_cam", stage, result.cam)

if tab_features.open:
    with tab_features, state.shown_errors(tr):
        taps = feature_taps(clf.model)
        c_tap, c_count = st.columns([3, 2])
        with c_tap:
            tap = translated(
                st.selectbox, tr("insp.features.layer"), taps, f"insp_tap_{key}", tr,
                lambda t: tr("insp.features.kind." + ("stem" if t == "conv1" else "stage" if "." not in t else "block"),
                             tap=t))
        count = c_count.select_slider(tr("insp.features.count"), [8, 16, 32, 64], value=32, key="insp_count")
        with st.spinner(tr("insp.working")):
            maps, order, means = state.features(key, digest, tap, clf, x)
        st.markdown(tr("insp.features.shape", tap=tap, shape=shape_label(maps.shape), shown=min(count, len(maps))))
        grid, single = st.columns([3, 2], gap="medium")
        with grid:
            shown = order[:count].tolist()
            st.plotly_chart(feature_grid(maps.astype(np.float32), shown, label=tr("insp.features.channel")),
                            width="stretch", key="insp_grid")
            st.caption(tr("insp.features.grid_caption"))
        with single:
            channel = translated(
                st.selectbox, tr("insp.features.pick"), order.tolist(), f"insp_channel_{key}_{tap}", tr,
                lambda c: tr("insp.features.pick_label", channel=c, mean=means[c]))
            st.plotly_chart(channel_view(maps[channel].astype(np.float32),
                                         tr("insp.features.single", tap=tap, channel=channel,
                                            size=shape_label(maps.shape[1:]))),
                            width="stretch", key="insp_channel_view")

if tab_methods.open:
    with tab_methods:
        st.caption(tr("insp.methods.caption"))
        for column, method in zip(st.columns(3), METHODS[1:]):
            with column, state.shown_errors(tr), st.spinner(tr("insp.working")):
                st.markdown(f"**{tr(f'insp.method.{method}')}**")
                cam = state.attribution(method, key, digest, layer, target, clf, x)
                st.image(overlay(cam), width="stretch")
                st.caption(tr(f"insp.method.{method}.help"))
            if trust:
                trust_notes(column, method, layer, cam)

if tab_compare.open:
    with tab_compare:
        st.caption(tr("insp.compare.caption"))
        _, picker = st.columns(2, gap="large")
        with picker:
            other = state.model_picker(tr, "insp_b", second=True)
        for side, column, model, explained, shown in zip("ab", st.columns(2, gap="large"), [clf, other],
                                                          [first, None], [seen, None]):
            if model is None:
                continue
            with column, state.shown_errors(tr), st.spinner(tr("insp.working")):
                if explained is None:
                    shown, model_x = model.preprocess(image)
                    explained = state.explanation(model.key, digest, stage_names(model.model)[-1], None, model,
                                                  model_x)
                prediction = explained.prediction
                st.markdown(f"**{model.name}**")
                st.plotly_chart(top_k_chart([model.classes[i] for i in prediction.indices],
                                            list(prediction.probabilities)),
                                width="stretch", config={"displayModeBar": False}, key=f"insp_compare_{side}")
                st.image(overlay_image(shown, explained.cam, opacity, colours), width="stretch",
                         caption=tr("insp.compare.cam", cls=model.classes[explained.target], layer=explained.layer))

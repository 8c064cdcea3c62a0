"""Architecture page: pick a model, see its stages, its layer table, its blocks and its FLOPs."""

import pandas as pd
import streamlit as st

from app_pages.ui.architecture import anatomy, architecture_report, flops_table
from app_pages.ui.server import device
from app_pages.ui.session import translator
from resnet_viz.models import CIFAR_NAMES, MODEL_NAMES
from resnet_viz.plots import architecture_diagram, shape_label

tr = translator()
st.title(tr("arch.title"))
st.caption(tr("arch.intro"))

left, middle, right = st.columns([2, 2, 1])
name = left.selectbox(tr("common.model"), MODEL_NAMES, index=MODEL_NAMES.index("resnet18"), key="arch_model")
middle.write("")  # align the toggle with the inputs beside it
residual = middle.toggle(tr("arch.shortcuts"), value=True, key="arch_residual", help=tr("arch.shortcuts.help"))
default_size = 32 if name in CIFAR_NAMES else 224
input_size = right.number_input(tr("arch.input_size"), min_value=32, max_value=1024, step=16,
                                value=default_size, key=f"arch_size_{default_size}")

report = architecture_report(name, residual, int(input_size), str(device()))
table = report.table
a, b, c, d = st.columns(4)
a.metric(tr("arch.params"), f"{table.params:,}")
b.metric(tr("arch.macs"), f"{table.macs / 1e9:.3f} G")
c.metric(tr("arch.layers"), report.weighted_layers)
d.metric(tr("arch.output"), shape_label(report.stages[-1].output_shape))

diagram, why = st.columns([3, 1])
with diagram:
    st.subheader(tr("arch.diagram"))
    st.plotly_chart(architecture_diagram(report, tr), width="stretch", config={"scrollZoom": True})
    st.caption(tr("arch.diagram.help"))
with why:
    st.subheader(tr("arch.why"))
    st.latex(r"H(x) = \mathcal{F}(x) + x")
    st.markdown(tr("arch.why.body"))

st.subheader(tr("arch.table"))
st.caption(tr("arch.table.help"))
rows = pd.DataFrame(table.as_dicts())
query = st.text_input(tr("arch.filter"), key="arch_filter").strip().lower()
if query:
    rows = rows[rows["name"].str.lower().str.contains(query, regex=False)
                | rows["type"].str.lower().str.contains(query, regex=False)]
columns = {c: tr(f"arch.col.{c}") for c in
           ("name", "type", "stage", "output_shape", "params", "macs", "receptive_field")}
st.download_button(tr("arch.download"), rows.to_csv(index=False).encode(), f"{name}{'' if residual else '_plain'}.csv",
                   "text/csv", key="arch_csv", on_click="ignore")
stage_shapes = {s.stage: s.output_shape for s in report.stages}
for stage, group in rows.groupby("stage", sort=False):
    title = tr("arch.stage_summary", stage=stage, rows=len(group), params=f"{group['params'].sum():,}",
               macs=f"{group['macs'].sum() / 1e9:.3f}", shape=shape_label(stage_shapes.get(stage, ())))
    with st.expander(title, expanded=len(rows) <= 40):
        st.dataframe(group[list(columns)].rename(columns=columns), hide_index=True, width="stretch")

st.subheader(tr("arch.anatomy"))
channels = st.select_slider(tr("arch.anatomy.channels"), [64, 128, 256, 512, 1024, 2048], value=256,
                            key="arch_channels")
blocks = anatomy(channels)
basic, bottleneck = blocks["BasicBlock"], blocks["Bottleneck"]
st.markdown(tr("arch.anatomy.body", channels=channels, basic=f"{basic['conv_params']:,}",
               bottleneck=f"{bottleneck['conv_params']:,}", ratio=basic["conv_params"] / bottleneck["conv_params"]))
for column, (kind, block) in zip(st.columns(2), blocks.items()):
    with column:
        st.markdown(f"**{kind}**")
        for conv in block["convs"]:
            st.markdown("- " + tr("arch.anatomy.conv", name=conv["name"], kernel=conv["kernel"], cin=conv["in"],
                                  cout=conv["out"]) + f" = {conv['params']:,}")
        st.metric(tr("arch.anatomy.total"), f"{block['conv_params']:,}")

st.subheader(tr("arch.flops"))
flops = pd.DataFrame(flops_table(str(device())))
st.dataframe(flops.rename(columns={c: tr(f"arch.flops.col.{c}") for c in flops.columns}), hide_index=True)
st.caption(tr("arch.flops.note"))

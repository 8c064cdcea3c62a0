"""Architecture page: one network layer by layer, the paper's Table 1, blocks and FLOPs, shortcut options, and VGG-19
beside the 34-layer nets (Figure 3)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.ui import architecture as data
from app_pages.ui import links
from app_pages.ui.server import device
from app_pages.ui.session import bound, sections, translated, translator
from resnet_viz.anatomy import all_block_names
from resnet_viz.nets import paper
from resnet_viz.nets.models import ARCHITECTURE_NAMES, SHORTCUTS, TORCHVISION_NAMES, parse_name
from resnet_viz.nets.paper import TABLE1_GFLOPS, TABLE3, VGG19_GFLOPS
from resnet_viz.nets.summary import CONV2_SIZE, FLOPS_INPUT
from resnet_viz.plots import architecture_diagram, block_drawing, figure3_comparison, shape_label

BLOCK_NETWORKS = tuple(n for n in ARCHITECTURE_NAMES if parse_name(n)[0] != "vgg")  # the nets made of blocks
SECTIONS = ("network", "table1", "blocks", "shortcuts", "vgg")
PARAMS = (
    links.choice("model", "arch_model", ARCHITECTURE_NAMES, "resnet18"),
    links.choice("plain", "arch_residual", (True, False), True, lambda residual: "0" if residual else "1"),
    links.integer("size", "arch_size", 32, 1024, 224),
    links.choice("shortcut", "arch_shortcut", SHORTCUTS, "B"),
    links.choice("tab", "arch_section", SECTIONS, "network"),
    links.choice("walk", "arch_walk_model", TORCHVISION_NAMES, "resnet18"),  # Table 1's shape walk
    links.integer("walk_size", "arch_walk_size", 32, 1024, 224),
    links.choice("block", "arch_block", all_block_names(), "layer2.0"),  # the blocks tab's block
)


def main() -> None:
    st.session_state.setdefault("arch_channels", 256)
    st.session_state.setdefault("arch_walk_size", 224)
    links.restore("architecture", PARAMS)
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("arch.title"))
    st.caption(tr("arch.intro"))
    links.show_notices(tr)
    tabs = sections(tr, SECTIONS, "arch_section", "arch.tab")
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                RENDER[name]()
    with share:
        links.share_link(tr, links.mirror("architecture", PARAMS))


def network() -> None:
    """Pick a network: its numbers, its stages drawn as in Figure 3, and its layer table."""
    left, middle, option, right = st.columns([2, 2, 3, 1], vertical_alignment="bottom")
    with left:
        name = bound(st.selectbox, tr("common.model"), ARCHITECTURE_NAMES, key="arch_model",
                     format_func=data.display_name,
                     on_change=lambda: st.session_state.update(data.family_defaults(st.session_state["arch_model"])))
    family, _ = parse_name(name)
    with middle:
        residual = bound(st.toggle, tr("arch.shortcuts"), key="arch_residual", help=tr("arch.shortcuts.help"),
                         disabled=family == "vgg") and family != "vgg"
    with option:
        shortcut = translated(st.selectbox, tr("arch.shortcut_option"), list(SHORTCUTS), "arch_shortcut", tr,
                              lambda o: tr(f"arch.option.{o}"), disabled=not residual,
                              help=tr("arch.shortcut_option.help"))
    with right:
        size = bound(st.number_input, tr("arch.input_size"), min_value=32, max_value=1024, step=16, key="arch_size")
    report = data.architecture_report(name, residual, int(size), str(device()), shortcut if residual else None)
    table = report.table
    a, b, c, d = st.columns(4)
    a.metric(tr("arch.params"), f"{table.params:,}")
    b.metric(tr("arch.macs"), f"{table.macs / 1e9:.3f} G")
    c.metric(tr("arch.layers"), report.weighted_layers, help=tr("arch.layers.help"))
    d.metric(tr("arch.output"), shape_label(report.stages[-1].output_shape))
    diagram, why = st.columns([3, 1])
    with diagram:
        st.subheader(tr("arch.diagram"))
        links.chart(architecture_diagram(report, tr), width="stretch", config={"scrollZoom": True})
        st.caption(tr("arch.diagram.help"))
    with why:
        st.subheader(tr("arch.why"))
        st.latex(r"y = \mathcal{F}(x, \{W_i\}) + x \qquad \longrightarrow \qquad \mathrm{ReLU}(y)")  # Eq. 1, then the second ReLU (Sec. 3.2)
        st.markdown(tr("arch.why.body"))
    layer_table(report, name, residual)


def layer_table(report, name: str, residual: bool) -> None:
    st.subheader(tr("arch.table"))
    st.caption(tr("arch.table.help"))
    rows = pd.DataFrame(report.table.as_dicts())
    query = st.text_input(tr("arch.filter"), key="arch_filter").strip().lower()
    if query:
        rows = rows[rows["name"].str.lower().str.contains(query, regex=False)
                    | rows["type"].str.lower().str.contains(query, regex=False)]
    columns = {c: tr(f"arch.col.{c}") for c in
               ("name", "type", "stage", "output_shape", "params", "macs", "receptive_field")}
    st.download_button(tr("arch.download"), rows.to_csv(index=False).encode(),
                       f"{name}{'' if residual else '_plain'}.csv", "text/csv", key="arch_csv", on_click="ignore")
    stage_shapes = {s.stage: s.output_shape for s in report.stages}
    weighted = data.weighted_per_stage(report)
    for stage, group in rows.groupby("stage", sort=False):
        title = tr("arch.stage_summary", stage=stage, rows=tr.count("arch.rows", len(group)),
                   weighted=tr.count("arch.weighted", weighted.get(stage, 0)),
                   params=f"{group['params'].sum():,}", macs=f"{group['macs'].sum() / 1e9:.3f}",
                   shape=shape_label(stage_shapes.get(stage, ())))
        with st.expander(title, expanded=len(rows) <= 40 and not links.presenting()):
            links.table(group[list(columns)].rename(columns=columns))


def table1() -> None:
    """Table 1 from the models, and the shape arithmetic that gives its output sizes."""
    grid = data.table1_grid()
    with links.focus("table1"):
        st.subheader(tr("arch.table1"))
        st.caption(tr("arch.table1.help", size=FLOPS_INPUT, stride=paper.DOWNSAMPLE_STRIDE))
        names = grid["names"]
        header = {"stage": tr("arch.table1.stage"), "output": tr("arch.table1.output")}
        kernel, channels, stride = grid["stem"]
        pool_kernel, pool_stride = grid["pool"]
        rows = [{header["stage"]: "conv1", header["output"]: grid["sizes"]["conv1"],
                 **{n: tr("arch.table1.stem", kernel=kernel, channels=channels, stride=stride) for n in names}},
                {header["stage"]: "conv2_x", header["output"]: grid["sizes"]["conv2_x"],
                 **{n: tr("arch.table1.pool", kernel=pool_kernel, stride=pool_stride) for n in names}}]
        for stage in grid["stages"]:
            rows.append({header["stage"]: stage, header["output"]: grid["sizes"][stage],
                         **{n: str(grid["cells"][stage][n]) for n in names}})
        rows.append({header["stage"]: "", header["output"]: grid["sizes"]["avgpool"],
                     **{n: tr("arch.table1.head", classes=grid["classes"]) for n in names}})
        rows.append({header["stage"]: tr("arch.table1.flops_paper"), header["output"]: "",
                     **{n: f"{grid['flops'][n]['paper']}×10⁹" for n in names}})
        rows.append({header["stage"]: tr("arch.table1.flops_ours"), header["output"]: "",
                     **{n: f"{grid['flops'][n]['v1']:.2f}×10⁹" for n in names}})
        st.table(pd.DataFrame(rows).rename(columns={n: data.display_name(n) for n in names}).set_index(header["stage"]))
    st.caption(tr("arch.table1.note"))
    vgg_rule(names)

    st.subheader(tr("arch.walk"))
    left, right = st.columns([1, 3])
    with left:
        walk_model = bound(st.selectbox, tr("common.model"), list(names), key="arch_walk_model",
                           format_func=data.display_name)
        size = bound(st.number_input, tr("arch.walk.size"), min_value=32, max_value=1024, step=1,
                     key="arch_walk_size")
    with right:
        steps = data.shape_walk(walk_model, int(size))
        st.latex(r"W_{\text{out}} = \left\lfloor \frac{W_{\text{in}} - K + 2P}{S} \right\rfloor + 1")
        # a static table: its cells wrap (every column shows at 1280 px) and its type grows in presenter mode
        st.table(pd.DataFrame([{
            tr("arch.walk.layer"): f"{s.stage} ({s.layer})",
            tr("arch.walk.arithmetic"): f"⌊({s.size_in} − {s.kernel} + 2·{s.padding}) / {s.stride}⌋ + 1",
            tr("arch.walk.out"): f"{s.size_out}×{s.size_out}",
            tr("arch.walk.channels"): f"{s.channels_in} → {s.channels}",
        } for s in steps]).set_index(tr("arch.walk.layer")))
    gap = data.global_pooling(walk_model, int(size))
    c, h, w = gap["map"]
    st.markdown(tr("arch.gap", c=c, h=h, w=w, fc=f"{gap['fc_params']:,}", vgg_in=f"{gap['vgg_fc_in']:,}",
                   vgg_out=f"{gap['vgg_fc_out']:,}", vgg_params=f"{gap['vgg_fc_params']:,}",
                   ratio=gap["vgg_fc_params"] / gap["fc_params"], model=data.display_name(walk_model),
                   vgg_c=gap["vgg_map"][0], vgg_k=gap["vgg_map"][1], vgg_native=gap["vgg_native"]))


def vgg_rule(names: list[str]) -> None:
    """VGG's rule (Sec. 3.3), counted per stage of one network of Table 1: the cost of a block stays put."""
    st.subheader(tr("arch.rule"))
    vgg = data.vgg_exception(FLOPS_INPUT)
    st.caption(tr("arch.rule.help", size=FLOPS_INPUT, vgg=vgg["depth"], before=vgg["before"], after=vgg["after"],
                  channels=vgg["channels"]))
    st.session_state.setdefault("arch_rule_model", "resnet34")
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        name = bound(st.selectbox, tr("common.model"), list(names), key="arch_rule_model",
                     format_func=data.display_name)
    with right:
        st.latex(r"K^2 C^2 H W = K^2\,(2C)^2\,\tfrac{H}{2}\,\tfrac{W}{2}")
        st.caption(tr("arch.rule.formula"))
    costs, rule = data.stage_costs(name, FLOPS_INPUT)
    column = {c: tr(f"arch.rule.col.{c}") for c in
              ("stage", "map", "width", "channels", "blocks", "block", "first", "stage_macs")}
    # the stage's bar narrow, so all eight columns show at 1280 px with the sidebar open
    bars = {column[c]: st.column_config.ProgressColumn(column[c], format=f, min_value=0, max_value=top / 1e6,
                                                       width=width)
            for c, f, top, width in (("block", "%.1f", max(c.block_macs for c in costs), "medium"),
                                     ("stage_macs", "%.0f", max(c.macs for c in costs), "small"))}
    links.table(pd.DataFrame([{
        column["stage"]: c.stage, column["map"]: f"{c.size}×{c.size}", column["width"]: c.width,
        column["channels"]: c.channels, column["blocks"]: c.blocks, column["block"]: round(c.block_macs / 1e6, 1),
        column["first"]: round(c.first_macs / 1e6, 1), column["stage_macs"]: round(c.macs / 1e6, 1),
    } for c in costs]), column_config=bars)
    first, last, cheap, dear = rule["first"], rule["last"], rule["cheapest"], rule["dearest"]
    st.markdown(tr(f"arch.rule.reading.{rule['verdict']}", model=data.display_name(name), first=first.stage,
                   last=last.stage, size_in=first.size, size_out=last.size, width_in=first.width,
                   width_out=last.width, low=cheap.block_macs / 1e6, high=dear.block_macs / 1e6, ratio=rule["ratio"],
                   cheap=cheap.stage, dear=dear.stage)
                + " " + tr("arch.rule.stages.equal_blocks" if rule["equal_blocks"] else "arch.rule.stages",
                           low=rule["cheapest_stage"].macs / 1e9,
                           cheap=rule["cheapest_stage"].stage, high=rule["dearest_stage"].macs / 1e9,
                           dear=rule["dearest_stage"].stage, stride=paper.DOWNSAMPLE_STRIDE))


def blocks() -> None:
    """One block from the inside with the code that builds it; BasicBlock and Bottleneck compared as the paper does;
    the FLOPs of Table 1 decomposed."""
    inside_block()
    with links.focus("anatomy"):
        st.subheader(tr("arch.anatomy"))
        channels = bound(st.select_slider, tr("arch.anatomy.channels"), [64, 128, 256, 512, 1024, 2048],
                         key="arch_channels")
        equal = data.anatomy(int(channels))
        basic, bottleneck = equal["BasicBlock"], equal["Bottleneck"]
        st.markdown(tr("arch.anatomy.equal", channels=channels, basic=f"{basic['conv_params']:,}",
                       bottleneck=f"{bottleneck['conv_params']:,}",
                       ratio=basic["conv_params"] / bottleneck["conv_params"], expansion=data.EXPANSION))
        for column, (kind, block) in zip(st.columns(2), equal.items()):
            with column:
                st.markdown(f"**{tr(f'arch.block.{kind}')}**")
                for conv in block["convs"]:
                    st.markdown("- " + tr("arch.anatomy.conv", name=conv["name"], kernel=conv["kernel"],
                                          cin=conv["in"], cout=conv["out"]) + f" = {conv['params']:,}")
                st.metric(tr("arch.anatomy.total"), f"{block['conv_params']:,}")
    figure5 = data.figure5()
    flops = {r["model"]: r for r in data.flops_rows()}
    st.markdown(tr("arch.anatomy.figure5", basic=f"{figure5['BasicBlock']['conv_params']:,}",
                   bottleneck=f"{figure5['Bottleneck']['conv_params']:,}",
                   basic_macs=figure5["BasicBlock"]["macs"] / 1e6, bottleneck_macs=figure5["Bottleneck"]["macs"] / 1e6,
                   r34=flops["resnet34"]["v1"], r50=flops["resnet50"]["v1"], p34=TABLE1_GFLOPS["resnet34"],
                   p50=TABLE1_GFLOPS["resnet50"], basic_width=figure5["BasicBlock"]["width"],
                   bottleneck_width=figure5["Bottleneck"]["width"], size=CONV2_SIZE,
                   times=figure5["Bottleneck"]["width"] // figure5["BasicBlock"]["width"]))

    st.subheader(tr("arch.flops"))
    table = pd.DataFrame([{
        tr("arch.flops.col.model"): data.display_name(r["model"]), tr("arch.flops.col.paper"): r["paper"],
        tr("arch.flops.col.v1"): round(r["v1"], 3), tr("arch.flops.col.torchvision"): round(r["torchvision"], 3),
        tr("arch.flops.col.published"): r["published"], tr("arch.flops.col.stride_cost"): round(r["stride_cost"], 3),
        tr("arch.flops.col.projections"): round(r["projections"], 3),
    } for r in data.flops_rows()])
    links.table(table)
    r50, r101, r152 = flops["resnet50"], flops["resnet101"], flops["resnet152"]
    st.markdown(tr("arch.flops.note", stride_cost=r50["stride_cost"], v1_50=r50["v1"], v1_101=r101["v1"],
                   v1_152=r152["v1"], p50=r50["paper"], p101=r101["paper"], p152=r152["paper"],
                   tv50=r50["torchvision"], projections=r50["projections"],
                   without=r50["v1_without_projections"], names=tr("common.list_sep").join(
                       data.display_name(n) for n in ("resnet50", "resnet101", "resnet152")),
                   changed=r50["changed"], gain=paper.V15_TOP1_GAIN,
                   speed=paper.V15_THROUGHPUT_COST, size=FLOPS_INPUT))


def inside_block() -> None:
    """Pick a network and one of its blocks: the block drawn with its measured shapes, then the code that builds it,
    its marked lines numbered as in the drawing."""
    with links.focus("inside"):
        st.subheader(tr("arch.inside"))
        pick, block_column, toggle, option, size_column = st.columns([1.7, 1.25, 1.3, 2.55, 1.2],
                                                                     vertical_alignment="bottom")
        with pick:
            name = bound(st.selectbox, tr("common.model"), BLOCK_NETWORKS, key="arch_model",
                         widget_key="_w.arch_block_model", format_func=data.display_name,
                         on_change=lambda: st.session_state.update(
                             data.family_defaults(st.session_state["arch_model"])))
        with block_column:
            block = bound(st.selectbox, tr("arch.inside.block"), data.block_names(name), key="arch_block",
                          widget_key="_w.arch_block")
        with toggle:
            residual = bound(st.toggle, tr("arch.inside.shortcuts"), key="arch_residual",
                             widget_key="_w.arch_block_residual", help=tr("arch.shortcuts.help"))
        with option:
            shortcut = bound(st.selectbox, tr("arch.shortcut_option"), list(SHORTCUTS), key="arch_shortcut",
                             widget_key=f"_w.arch_block_shortcut.{tr.lang}",
                             format_func=lambda o: tr(f"arch.option.{o}"), disabled=not residual,
                             help=tr("arch.shortcut_option.help"))
        with size_column:
            size = bound(st.number_input, tr("arch.input_size"), min_value=32, max_value=1024, step=16, key="arch_size",
                         widget_key="_w.arch_block_size")
        drawing, excerpts = data.inside_block(name, block, int(size), shortcut if residual else None, residual)
        marks = [(str(i), excerpt, mark) for i, (excerpt, mark) in
                 enumerate(((e, m) for e in excerpts for m in e.marks), start=1)]
        badges: dict[str, list[str]] = {}
        for label, _, mark in marks:
            badges.setdefault(mark.node, []).append(label)
        links.chart(block_drawing(drawing, tr, badges), width="stretch", config={"displayModeBar": False})
    st.markdown(tr("arch.inside.summary", network=data.display_name(name), block=block, stage=drawing.stage,
                   type=drawing.type, shape_in=shape_label(drawing.input_shape),
                   shape_out=shape_label(drawing.output_shape))
                + " " + tr(f"arch.inside.shortcut.{drawing.shortcut_kind}", stride=drawing.stride))
    st.caption(tr("arch.inside.help"))

    with links.focus("code"):
        st.subheader(tr("arch.code"))
        st.caption(tr("arch.code.help"))
    for excerpt in excerpts:
        code, legend = st.columns([3, 2])
        with code:
            st.caption(tr("arch.code.where", title=excerpt.title, path=excerpt.path, first=excerpt.first_line))
            lines = excerpt.code.count("\n") + 1
            st.code(excerpt.code, language="python", line_numbers=True, wrap_lines=True,
                    height=420 if lines > 24 else "content")
        with legend:
            for label, _, mark in (m for m in marks if m[1] is excerpt):
                rows = ", ".join(f"`{r}`" for r in mark.rows)
                st.markdown(f":red-background[**{label}**] **{tr('arch.code.line', line=mark.line)}** `{mark.text}`"
                            f"\n\n→ {data.mark_text(tr, mark)}"
                            + (f"\n\n→ {tr('arch.code.rows', rows=rows)}" if rows else ""))


def shortcuts() -> None:
    """The paper's options A, B, C for ResNet-34: what they cost, counted here, and what they gave (Table 3)."""
    with links.focus("options"):
        st.subheader(tr("arch.options"))
        st.caption(tr("arch.options.help"))
    counted = data.shortcut_options("resnet34")
    links.table(pd.DataFrame([{
        tr("arch.options.col.option"): tr(f"arch.option.long.{key}"),
        tr("arch.options.col.params"): f"{counted[key]['params']:,}",
        tr("arch.options.col.gmacs"): round(counted[key]["gmacs"], 3),
        tr("arch.options.col.top1"): TABLE3["plain-34" if key == "plain" else key].top1,
        tr("arch.options.col.top5"): TABLE3["plain-34" if key == "plain" else key].top5,
    } for key in ("plain", "A", "B", "C")]))
    st.markdown(tr("arch.options.reading", a_b=TABLE3["A"].top1 - TABLE3["B"].top1,
                   b_c=TABLE3["B"].top1 - TABLE3["C"].top1, plain_a=TABLE3["plain-34"].top1 - TABLE3["A"].top1,
                   extra=f"{counted['C']['params'] - counted['B']['params']:,}",
                   extra_b=f"{counted['B']['params'] - counted['A']['params']:,}",
                   projections=data.extra_projections("resnet34")))


def vgg() -> None:
    """VGG-19, the 34-layer plain net and its residual twin, side by side (Figure 3)."""
    st.subheader(tr("arch.fig3"))
    reports = data.figure3_reports(str(device()))
    links.chart(figure3_comparison(reports, tr), width="stretch", config={"scrollZoom": True})
    vgg_report, plain, residual = reports
    st.markdown(tr("arch.fig3.body", vgg=vgg_report.table.macs / 1e9, plain=plain.table.macs / 1e9,
                   residual=residual.table.macs / 1e9, pvgg=VGG19_GFLOPS, p34=TABLE1_GFLOPS["resnet34"],
                   share=plain.table.macs / vgg_report.table.macs, vgg_depth=vgg_report.weighted_layers,
                   depth=plain.weighted_layers, vgg_params=f"{vgg_report.table.params:,}",
                   params=f"{plain.table.params:,}", extra=f"{residual.table.params - plain.table.params:,}",
                   stride=paper.DOWNSAMPLE_STRIDE, vgg_fc=data.vgg_fc_layers()))


RENDER = {"network": network, "table1": table1, "blocks": blocks, "shortcuts": shortcuts, "vgg": vgg}
tr = translator()
main()

"""Class board: the class experiment's runs pooled into one Figure 6, live, with the deep-minus-shallow differences
as mean ± std over the students' seeds."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app_pages.ui import links
from app_pages.ui.errors import message
from app_pages.ui.server import class_engines
from app_pages.ui.session import bound, translator
from resnet_viz.errors import UserError
from resnet_viz.plots import class_board_chart, figure_png, model_title
from resnet_viz.train import classroom
from resnet_viz.train.config import TrainConfig, departures_from_paper


def main() -> None:
    assignments = classroom.list_assignments()
    ids = [a.id for a in assignments]
    params = [links.Param("assignment", "board_assignment", _known, ids[0] if ids else "")]
    links.restore("board", params)
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("board.title"))
    st.caption(tr("board.intro"))
    links.show_notices(tr)
    if not assignments:
        st.info(tr("board.none"))
        st.page_link("app_pages/lab.py", label=tr("board.to_lab"), icon=":material/show_chart:")
        return
    by_id = {a.id: a for a in assignments}
    chosen = bound(st.selectbox, tr("board.pick"), ids, key="board_assignment",
                   format_func=lambda i: tr("board.item", label=by_id[i].label or i, id=i,
                                            created=by_id[i].created[:16].replace("T", " ")))
    with st.expander(tr("board.join"), icon=":material/qr_code_2:"):
        links.class_link(tr, f"lab?{urlencode({'assignment': chosen, 'lang': tr.lang})}")
    show(chosen)
    with share:
        links.share_link(tr, links.mirror("board", params))


def _known(value: str) -> str:
    classroom.load(value)  # AssignmentError for an unknown or malformed id: the notice and the default
    return value


@st.fragment(run_every=5.0)
def show(assignment_id: str) -> None:
    """Re-pooled every 5 s, so the board fills up as the students' runs finish."""
    try:
        board = classroom.board(assignment_id, live=class_engines().counts(assignment_id))
    except (UserError, OSError) as e:
        st.error(message(tr, e))
        return
    from app_pages.ui import lab

    config = TrainConfig.from_dict(board.assignment.recipe)
    st.caption(lab.describe_departures(departures_from_paper(config), tr, "lab.departures.setup"))
    lab.show_budget(board.assignment, tr)
    seeds = (tr.count("board.seeds", len(board.seeds), seeds=", ".join(map(str, board.seeds))) if board.seeds
             else tr("board.seeds.none"))
    st.markdown(tr("board.counts", **board.parts, left_out=board.left_out, seeds=seeds))
    if board.complete:
        st.success(tr("board.complete", seeds=classroom.BOARD_SEEDS), icon=":material/check_circle:")
    else:
        fewest = min(board.assignment.networks, key=lambda k: len(board.seeds_of.get(k, ())))
        st.caption(tr("board.incomplete", seeds=classroom.BOARD_SEEDS, network=model_title(fewest, tr),
                      fewest=len(board.seeds_of.get(fewest, ()))))
    if not board.runs:
        st.info(tr("board.empty"))
        return
    links.chart(class_board_chart(board, tr, height=380 if links.presenting() else 460), width="stretch",
                    key="board_chart")
    rows = [{tr("board.col.difference"): tr("lab.effect", deep=model_title(e["deep"], tr),
                                             shallow=model_title(e["shallow"], tr)),
             tr("board.col.mean"): f"{e['mean']:+.1f}",
             tr("board.col.std"): f"{e['std']:.1f}" if e["n"] > 1 else "—",  # one run has no spread
             tr("board.col.n"): e["n"]} for e in board.effects.values()]
    links.table(pd.DataFrame(rows))
    st.caption(tr("board.effects.help"))
    behind = classroom.resnets_behind(board)
    if behind:
        st.warning(tr.count("board.behind", behind["n"], gap=f"{behind['gap']:.1f}",
                            iterations=f"{behind['iterations']:,}", paper=f"{behind['paper']:,}"),
                   icon=":material/hourglass_top:")
    if links.presenting():
        return
    a, b, c = st.columns([1, 1, 3])
    a.download_button(tr("lab.csv"), classroom.board_csv(board).encode(), f"class-board-{assignment_id}.csv",
                      "text/csv", key="board_csv", on_click="ignore")
    if b.button(tr("lab.png"), key="board_png", help=tr("lab.png.help")):
        try:
            st.session_state["board_png_bytes"] = (assignment_id, len(board.runs),
                                                   figure_png(class_board_chart(board, tr)))
        except RuntimeError as e:
            st.error(str(e))
    made = st.session_state.get("board_png_bytes", ("", 0, b""))
    if made[:2] == (assignment_id, len(board.runs)) and made[2]:
        c.download_button(tr("lab.png.download"), made[2], f"class-board-{assignment_id}.png", "image/png",
                          key="board_png_dl", on_click="ignore")


tr = translator()
main()

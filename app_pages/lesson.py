"""Lesson: the ResNet lesson step by step, in the articles' order. Each step opens the real page in the right state,
asks the class one question and reveals the answer computed from the app's live state. The teacher moves with
Next/Back; students can follow on their own devices."""

from __future__ import annotations

import streamlit as st

from app_pages.ui import lesson, links
from app_pages.ui.errors import shown_errors
from app_pages.ui.session import bound, translator
from resnet_viz.nets.models import display_name
from resnet_viz.plots import model_title, shape_label
from resnet_viz.train.effects import SIGNAL


def main() -> None:
    steps = lesson.steps()
    params = (links.integer("step", "lesson_step", 1, len(steps), 1),)
    links.restore("lesson", params)
    title, share = st.columns([5, 1], vertical_alignment="bottom")
    title.title(tr("lesson.title"))
    if not links.presenting():  # for the teacher, not for the class
        st.caption(tr("lesson.intro"))
    links.show_notices(tr)
    ss = st.session_state
    ss["lesson_step"] = min(max(int(ss.get("lesson_step", 1)), 1), len(steps))
    if links.presenting():
        lesson.teacher().set(ss["lesson_step"])  # the students who follow see this step
    else:
        follow(steps)
    navigation(steps)
    show(steps[ss["lesson_step"] - 1], ss["lesson_step"], len(steps))
    with share:
        links.share_link(tr, links.mirror("lesson", params))


def navigation(steps) -> None:
    """Back, the step picker and Next; a student who follows the teacher is moved by the teacher, and is told so."""
    following = not links.presenting() and bool(st.session_state.get("lesson_follow"))
    why = tr("lesson.follow.locked") if following else None
    back, picker, forward = st.columns([1, 4, 1], vertical_alignment="bottom")
    back.button(tr("lesson.back"), on_click=move, args=(-1, len(steps)), help=why,
                disabled=following or st.session_state["lesson_step"] <= 1,
                key="lesson_back", icon=":material/arrow_back:", width="stretch")
    with picker:
        bound(st.selectbox, tr("lesson.jump"), list(range(1, len(steps) + 1)), key="lesson_step", disabled=following,
              help=why,
              format_func=lambda n: tr("lesson.step_title", number=n, title=tr(f"lesson.{steps[n - 1].id}.title")))
    forward.button(tr("lesson.next"), on_click=move, args=(1, len(steps)), type="primary", key="lesson_next",
                   disabled=following or st.session_state["lesson_step"] >= len(steps), help=why,
                   icon=":material/arrow_forward:", width="stretch")
    if following:
        st.caption(why)


def move(delta: int, count: int) -> None:
    ss = st.session_state
    ss["lesson_step"] = min(max(ss["lesson_step"] + delta, 1), count)


def follow(steps) -> None:
    """A student's page: optionally follow the teacher's step (checked every 3 seconds)."""
    following = bound(st.toggle, tr("lesson.follow"), key="lesson_follow", help=tr("lesson.follow.help"))
    if not following:
        return

    @st.fragment(run_every=3.0)
    def watch() -> None:
        step, updated = lesson.teacher().get()
        if updated and 1 <= step <= len(steps) and step != st.session_state["lesson_step"]:
            st.session_state["lesson_step"] = step
            st.rerun(scope="app")
        st.caption(tr("lesson.following", step=step) if updated else tr("lesson.no_teacher"))

    watch()


def show(step, number: int, count: int) -> None:
    st.progress(number / count, text=tr("lesson.progress", number=number, count=count))
    st.subheader(tr(f"lesson.{step.id}.title"))
    if links.presenting() and st.session_state.get(f"lesson_reveal_{step.id}"):
        with st.expander(tr("lesson.text_again")):  # read already: the answer takes its place on the screen
            st.markdown(tr(f"lesson.{step.id}.text", **step.words))
    else:
        st.markdown(tr(f"lesson.{step.id}.text", **step.words))
    query = {**step.query, "lang": tr.lang, links.LESSON: str(number), links.FOCUS: step.focus,
             **({links.PRESENT: "1"} if links.presenting() else {})}
    st.page_link(step.page, label=tr("lesson.open_here", label=tr(f"lesson.{step.id}.open")),
                 help=tr("lesson.open_here.help", step=number), icon=":material/arrow_forward:",
                 query_params=links.followed(query))
    # The question with its toggle beside it on a projector, so that the answer below still fits the screen
    question, toggle = st.columns([5, 1], vertical_alignment="center") if links.presenting() else (st, st)
    question.info(tr(f"lesson.{step.id}.question", **step.query, **step.words), icon=":material/help:")
    if bound(toggle.toggle, tr("lesson.reveal"), key=f"lesson_reveal_{step.id}"):
        with shown_errors(tr), st.spinner(tr("lesson.computing")):
            values = step.answer()
            if values is None:
                st.warning(tr(f"lesson.{step.id}.no_answer"))
            else:
                st.success(answer(step.id, values))


def answer(step_id: str, v: dict) -> str:
    """The answer's sentence, formatted from the computed values."""
    if step_id in ("deeper", "reference"):
        deep, shallow = v["deep"], v["shallow"]
        return tr(f"lesson.{step_id}.answer", worst=model_title(v["worst"], tr),
                  plain_deep=v["final"][f"plain-{deep}"], plain_shallow=v["final"][f"plain-{shallow}"],
                  resnet_deep=v["final"][f"resnet-{deep}"], resnet_shallow=v["final"][f"resnet-{shallow}"],
                  deep=deep, shallow=shallow, plain_diff=v["plain_diff"], resnet_diff=v["resnet_diff"],
                  iterations=v["iterations"], worst_error=v["final"][v["worst"]],
                  verdict=tr(f"lesson.deeper.{v['verdict']}", signal=SIGNAL))
    if step_id == "live":
        if v["source"] == "pending":
            return tr("lesson.live.answer_pending", **v)
        key = "lesson.live.answer_run" if v["source"] == "run" else \
            "lesson.live.answer_board" if v["n"] > 1 else "lesson.live.answer_board_one"
        text = tr(key, **{**v, "deep": model_title(v["deep"], tr), "shallow": model_title(v["shallow"], tr)})
        return text + (" " + tr("lesson.live.parts", **v) if v["source"] == "board" else "")
    if step_id == "block":
        return tr("lesson.block.answer", a=f"{v['A']:,}", plain=f"{v['plain']:,}")
    if step_id == "lesion":
        return tr(f"lesson.lesion.answer.{v['case']}", **v, plain=model_title(f"plain-{v['depth']}", tr),
                  resnet=model_title(f"resnet-{v['depth']}", tr))
    if step_id == "inside":
        return tr(f"lesson.inside.answer.{v['kind']}", network=display_name(v["network"]), block=v["block"],
                  stage=v["stage"], type=v["type"], shape_in=shape_label(v["shape_in"]),
                  shape_out=shape_label(v["shape_out"]), kernel=v["kernel"], stride=v["stride"], option=v["option"])
    if step_id == "code":
        rows = tr("common.list_sep").join(f"`{row}`" for row in v["rows"])
        return tr("lesson.code.answer." + ("holds" if v["holds"] else "not"), **{**v, "rows": rows})
    if step_id == "bottleneck":
        return tr("lesson.bottleneck.answer", ratio=v["ratio"], basic=f"{v['basic']:,}",
                  bottleneck=f"{v['bottleneck']:,}", channels=v["channels"], basic64=f"{v['basic64']:,}",
                  bottleneck256=f"{v['bottleneck256']:,}", basic_width=v["basic_width"],
                  bottleneck_width=v["bottleneck_width"], times=v["bottleneck_width"] // v["basic_width"])
    if step_id == "table1":
        return tr("lesson.table1.answer", size=v["size"], input=v["input"])
    if step_id == "shortcuts":
        return tr("lesson.shortcuts.answer", extra=f"{v['extra']:,}", projections=v["projections"], gain=v["gain"])
    if step_id == "bn":
        return tr("lesson.bn.answer", one=v["one"], eval=v["eval"], images=v["images"])
    if step_id == "batch":
        text = tr(f"lesson.batch.answer.{v['case']}", **v["values"], images=v["images"],
                  network=model_title(v["model"], tr))
        if v["article_acc"] is None:  # the sweep did not try the article's batch
            return text
        article = tr("lesson.batch.article." + ("hurts" if v["hurts"] else "fine"), article=v["article"],
                     article_acc=v["article_acc"], title=v["title"])
        return text + ("" if tr.lang == "zh" else " ") + article
    if step_id == "transfer":
        accuracy = {mode: f"{value:.1%}" for mode, value in v["accuracy"].items()}
        reading = tr("lesson.transfer.gain", gain=v["gain"]) if round(v["gain"], 1) > 0 else \
            tr("lesson.transfer.no_gain")
        best = [f"“{tr(f'tl.mode.{mode}')}”" for mode in v["best"]]
        winner = tr("lesson.transfer.wins", best=best[0].strip("“”")) if len(best) == 1 else \
            tr("lesson.transfer.tie", best=tr("common.list_sep").join(best))
        return tr("lesson.transfer.answer", per_class=v["per_class"], winner=winner, reading=reading, **accuracy)
    if step_id == "looks":
        return tr("lesson.looks.answer", cls=tr.name("class", v["top1"]), probability=v["probability"])
    return tr(f"lesson.{step_id}.answer", **v)


tr = translator()
main()

"""The widget-state helpers every page uses: a value set in code shows in the widget, a user's choice is kept when
Streamlit drops the widget's own state, and translated options keep the choice when the language changes."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def script():
    import streamlit as st

    from app_pages.ui.session import bound, translated, translator

    tr = translator()
    if st.session_state.get("show", True):
        bound(st.select_slider, "Width", [4, 8, 16], key="width")
    translated(st.radio, "Pick", ["a", "b"], "pick", tr, format_func=lambda o: f"{tr.lang}:{o}")


def app() -> AppTest:
    return AppTest.from_function(script, default_timeout=30)


def test_a_value_set_in_code_shows_in_the_widget_and_a_users_choice_is_written_back():
    at = app()
    at.session_state["width"] = 16  # a preset, a lesson link or a test sets the plain key
    at.run()
    assert at.select_slider(key="_w.width").value == 16
    at.select_slider(key="_w.width").set_value(4).run()
    assert at.session_state["width"] == 4
    at.session_state["width"] = 8  # changed in code after the user's choice
    at.run()
    assert at.select_slider(key="_w.width").value == 8


def test_the_choice_survives_a_run_that_does_not_draw_the_widget():
    at = app().run()
    at.select_slider(key="_w.width").set_value(16).run()
    at.session_state["show"] = False
    at.run()
    assert "_w.width" not in at.session_state  # Streamlit dropped the widget's own state
    at.session_state["show"] = True
    at.run()
    assert at.select_slider(key="_w.width").value == 16 and at.session_state["width"] == 16


def test_a_saved_value_no_longer_offered_falls_back_to_the_default():
    at = app()
    at.session_state["width"] = 5
    at.run()
    assert not at.exception
    assert at.select_slider(key="_w.width").value == 4 and at.session_state["width"] == 4


def test_translated_options_keep_the_choice_across_languages():
    at = app().run()
    at.radio(key="pick.en").set_value("b").run()
    assert at.session_state["pick"] == "b"
    at.session_state["lang"] = "zh"
    at.run()
    radio = at.radio(key="pick.zh")
    assert radio.value == "b" and radio.options == ["zh:a", "zh:b"]

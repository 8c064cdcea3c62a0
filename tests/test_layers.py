"""The test layers mean what they say: ``-m e2e`` selects exactly the tests in tests/e2e, ``-m "not e2e"`` every
other test (the e2e conftest's marking hook sees the whole session's items, so it must check where each lives)."""

from __future__ import annotations


def test_the_e2e_marker_is_on_exactly_the_browser_tests(request):
    """Checked on this session's own items (the marks ``-m`` selects by), without collecting the suite twice more in
    a second pytest: the e2e conftest's hook must mark every item under tests/e2e and nothing else."""
    items = request.session.items
    marked = {item.nodeid for item in items if item.get_closest_marker("e2e") is not None}
    browser = {item.nodeid for item in items if item.nodeid.startswith("tests/e2e/")}
    assert marked == browser
    assert request.node.nodeid in {item.nodeid for item in items} - marked  # this test is in the session, unmarked

"""The class link (resnet_viz.address): the teacher's localhost replaced by the server's local-network address, the
teacher's own address kept when others can use it, one reason when no student could open it; the QR code."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from resnet_viz import address

PATH = "lab?assignment=abc12345&lang=zh"


@pytest.mark.parametrize("browser, listen, expected", [
    ("http://localhost:8501/lab", "", "http://192.168.1.20:8501/lab?assignment=abc12345&lang=zh"),
    ("http://127.0.0.1:8501/board?assignment=x", "0.0.0.0", "http://192.168.1.20:8501/lab?assignment=abc12345&lang=zh"),
    ("http://[::1]:9000/app/lab", None, "http://192.168.1.20:9000/app/lab?assignment=abc12345&lang=zh"),
    ("http://10.0.0.7:8501/lab", "", "http://10.0.0.7:8501/lab?assignment=abc12345&lang=zh"),  # kept: reachable
    ("https://resnet.school.example/explorer/lab", "", "https://resnet.school.example/explorer/lab?assignment=abc12345&lang=zh"),
])
def test_the_class_link_names_the_server_as_students_reach_it(browser, listen, expected):
    link = address.class_link(browser, PATH, listen, 8501, "192.168.1.20")
    assert link == address.ClassLink(expected)


def test_a_link_no_student_can_open_says_why():
    loopback = address.class_link("http://localhost:8501/lab", PATH, "127.0.0.1", 8501, "192.168.1.20")
    assert loopback.problem == "loopback" and loopback.url.startswith("http://localhost:8501/lab?")
    offline = address.class_link("http://localhost:8501/lab", PATH, "", 8501, None)
    assert offline.problem == "no_network"
    assert address.class_link("http://10.0.0.7:8501/lab", PATH, "127.0.0.1", 8501, None).problem is None
    unknown = address.class_link("", PATH, "", 8501, "192.168.1.20")  # no browser address known: the server's
    assert unknown == address.ClassLink("http://192.168.1.20:8501/lab?assignment=abc12345&lang=zh")


def test_loopback_names_and_the_lan_address():
    assert [address.is_loopback(h) for h in ("localhost", "127.0.1.1", "::1", "[::1]", "", None, "10.0.0.7",
                                             "school.example")] == [True, True, True, True, False, False, False,
                                                                    False]
    found = address.lan_address()  # a sandbox may have no network: None then, never a loopback address
    assert found is None or not address.is_loopback(found)


def test_the_qr_code_is_a_png_of_the_link():
    import segno

    url = "http://192.168.1.20:8501/lab?assignment=abc12345&lang=zh"
    png = address.qr_png(url, scale=4)
    image = Image.open(io.BytesIO(png))
    modules = segno.make(url, error="m", boost_error=False).symbol_size(scale=1, border=4)[0]
    assert image.format == "PNG" and image.size == (4 * modules, 4 * modules)
    assert address.qr_png("http://other/", scale=4) != png

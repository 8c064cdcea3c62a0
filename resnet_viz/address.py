"""The link a class opens: the server's address on the local network, never the teacher's ``localhost``.

A teacher who opens the app on the server itself sees ``http://localhost:8501``; that link, projected, opens
nothing on a student's machine. :func:`class_link` keeps the teacher's address when it already names the server to
others (an IP address or a host name), and otherwise puts the server's local-network address in its place, or says
that the server listens on this computer only. :func:`qr_png` draws the link as a QR code for the projector
(segno, pure Python: nothing is fetched from outside the server).
"""

from __future__ import annotations

import dataclasses
import io
import ipaddress
import socket
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` names this computer only (``localhost``, 127.x.x.x, ::1); an empty host listens everywhere."""
    if not host:
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This computer's IPv4 address on its local network (the interface of its default route), or None. Nothing is
    sent: connecting a UDP socket only makes the system choose the interface."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 9))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if is_loopback(address) or address == "0.0.0.0" else address


@dataclasses.dataclass(frozen=True)
class ClassLink:
    """``url`` for the students; ``problem``: None, "loopback" (the server listens on this computer only) or
    "no_network" (no local-network address found), in which case ``url`` is the teacher's own and reaches no one
    else."""

    url: str
    problem: str | None = None


def class_link(browser_url: str, path: str, listen: str | None, port: int | None, lan: str | None) -> ClassLink:
    """The link to ``path`` (e.g. ``lab?assignment=ID&lang=en``) that students can open.

    ``browser_url`` is the address the teacher's browser shows (any page of the app); ``listen`` the address the
    server listens on (Streamlit's ``server.address``: empty for every interface), ``port`` its port and ``lan``
    this computer's local-network address (:func:`lan_address`).
    """
    parts = urlsplit(browser_url)
    base = parts.path.rsplit("/", 1)[0]  # the app's root: a page's address without the page
    own = f"{parts.scheme or 'http'}://{parts.netloc}{base}/{path}"
    if parts.hostname and not is_loopback(parts.hostname):
        return ClassLink(own)  # the teacher reached the server by a name or address others can use too
    if is_loopback(listen):
        return ClassLink(own, "loopback")
    if lan is None:
        return ClassLink(own, "no_network")
    netloc = f"{lan}:{parts.port or port}" if (parts.port or port) else lan
    return ClassLink(f"{parts.scheme or 'http'}://{netloc}{base}/{path}")


def qr_png(text: str, scale: int = 6) -> bytes:
    """``text`` as a QR code (error correction M, a quiet zone of four modules), PNG bytes."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m", boost_error=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()

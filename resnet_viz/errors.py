"""One line for the user from any exception: the one formatter every page, job and command uses."""

from __future__ import annotations

MAX_CHARS = 300


def first_line(error: BaseException | str, limit: int = MAX_CHARS) -> str:
    """The first line of an exception's message (or of a string), whitespace collapsed, at most ``limit``
    characters; an exception without a message gives its type name."""
    text = str(error).strip()
    line = " ".join(text.splitlines()[0].split()) if text else type(error).__name__
    return line[:limit]


def one_line(error: BaseException, limit: int = MAX_CHARS) -> str:
    """A user-facing one-line description of ``error``; running out of memory gets its own wording."""
    from .device import is_out_of_memory

    if is_out_of_memory(error):
        return "out of memory: try a smaller model, batch or image"
    return first_line(error, limit)

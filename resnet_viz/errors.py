"""Errors meant for the person using the app, and one line for the user from any exception.

A :class:`UserError` carries a ``code`` and the ``values`` of its message, so a page can show it in the user's
language (the translation key is ``err.<code>``), while ``str(error)`` is the English line the command line prints.
A value may itself be a :class:`Phrase` (a model's description, a dataset's title): translated the same way.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

MAX_CHARS = 300


@dataclasses.dataclass(frozen=True)
class Phrase:
    """A translatable fragment inside a message: ``code`` names it (key ``err.<code>``), ``values`` fill it."""

    code: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    MESSAGES: ClassVar[dict[str, str]] = {}

    def __str__(self) -> str:
        return self.MESSAGES[self.code].format(**self.values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class UserError(ValueError):
    """An error the user can act on. Subclasses list their English messages in ``MESSAGES`` by code; codes are
    unique across the library (``checkpoint.empty``, ``data.not_found``, ...)."""

    MESSAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, code: str, **values: Any) -> None:
        self.code, self.values = code, values
        super().__init__(self.MESSAGES[code].format(**values))

    def __reduce__(self):
        """Pickled as its class, code and values (a job's error comes back whole from a school's cluster; the
        default, from the message alone, cannot rebuild it)."""
        return _rebuild, (type(self), self.code, self.values)


def _rebuild(cls: type[UserError], code: str, values: dict[str, Any]) -> UserError:
    return cls(code, **values)


def all_messages() -> dict[str, str]:
    """Every English message and phrase the library can show, by code (for the translation tests)."""
    found: dict[str, str] = dict(Phrase.MESSAGES)
    pending = list(UserError.__subclasses__())
    while pending:
        cls = pending.pop()
        found.update(cls.MESSAGES)
        pending.extend(cls.__subclasses__())
    return found


def first_line(error: BaseException | str, limit: int = MAX_CHARS) -> str:
    """The first line of an exception's message (or of a string), whitespace collapsed, at most ``limit``
    characters; an exception without a message gives its type name."""
    text = str(error).strip()
    line = " ".join(text.splitlines()[0].split()) if text else type(error).__name__
    return line[:limit]


def one_line(error: BaseException, limit: int = MAX_CHARS) -> str:
    """A user-facing one-line description of ``error``; running out of memory gets its own wording."""
    from resnet_viz.device import is_out_of_memory

    if is_out_of_memory(error):
        return "out of memory: try a smaller model, batch or image"
    return first_line(error, limit)

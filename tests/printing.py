"""Each distinct HTML printed once for the whole test run (tests/conftest.py turns it on).

Most tests reach their renewal through the demo's walks (elections/demo.py), and every walk issues
its documents: the same request, notice and method, word for word, were laid out and printed again
for hundreds of tests, about two thirds of the suite's time. WeasyPrint makes the same PDF from the
same HTML, base URL and fetcher, so the bytes printed the first time are handed out again. A
different word, date or number is a different HTML and is printed anew; anything that fails to
print fails every time (nothing is kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from types import FunctionType, MethodType
from typing import Any

import pytest


class _Printed:
    """What one HTML gave: its laid-out document (when it was asked for) and its PDF."""

    def __init__(self) -> None:
        self.document: Any = None
        self.pdf: bytes | None = None


class _HTML:
    """Stands for `weasyprint.HTML(string=..., base_url=..., url_fetcher=...)`: `render()` and
    `write_pdf()` lay out and print on first use, then give what they gave then."""

    def __init__(self, real: Any, printed: _Printed, args: dict[str, Any]) -> None:
        self._real, self._printed, self._args = real, printed, args

    def render(self, **options: Any) -> Any:
        if options:
            return self._real(**self._args).render(**options)
        if self._printed.document is None:
            self._printed.document = _Document(self._real(**self._args).render(), self._printed)
        return self._printed.document

    def write_pdf(self, target: Any = None, **options: Any) -> Any:
        if target is not None or options:
            return self._real(**self._args).write_pdf(target, **options)
        if self._printed.pdf is None:
            self._printed.pdf = self._real(**self._args).write_pdf()
        return self._printed.pdf


class _Document:
    """A laid-out document whose PDF is printed once."""

    def __init__(self, document: Any, printed: _Printed) -> None:
        self.pages = document.pages
        self._document, self._printed = document, printed

    def write_pdf(self, target: Any = None, **options: Any) -> Any:
        if target is not None or options:
            return self._document.write_pdf(target, **options)
        if self._printed.pdf is None:
            self._printed.pdf = self._document.write_pdf()
        return self._printed.pdf


def _key(args: dict[str, Any]) -> tuple | None:
    """The HTML, its base URL and which fetcher loads its resources; None when the HTML is not
    given as a string (a file or URL may change between two calls)."""
    string = args.get("string")
    if not isinstance(string, str) or set(args) - {"string", "base_url", "url_fetcher"}:
        return None
    fetcher = args.get("url_fetcher")
    if fetcher is None:
        return string, args.get("base_url"), None
    if isinstance(fetcher, FunctionType | MethodType | partial):
        return None  # a function may fetch differently on each call: printed every time
    return string, args.get("base_url"), _fetcher_key(fetcher)


def _fetcher_key(fetcher: Any) -> tuple:
    """The fetcher's class and its plain settings (allowed protocols, timeout...): the app makes a
    new one, alike, for each document."""
    plain = []
    for name, value in sorted(getattr(fetcher, "__dict__", {}).items()):
        if isinstance(value, (set, frozenset)):
            plain.append((name, tuple(sorted(map(repr, value)))))
        elif value is None or isinstance(value, (str, int, float, bool)):
            plain.append((name, value))
    return type(fetcher).__module__, type(fetcher).__qualname__, tuple(plain)


@contextmanager
def each_html_printed_once() -> Iterator[dict]:
    """Patches `weasyprint.HTML` (the app imports it where it prints); yields the kept prints."""
    import weasyprint

    real = weasyprint.HTML
    printed: dict[tuple, _Printed] = {}

    def html(*args: Any, **kwargs: Any) -> Any:
        key = None if args else _key(kwargs)
        if key is None:
            return real(*args, **kwargs)
        return _HTML(real, printed.setdefault(key, _Printed()), kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint, "HTML", html)
        yield printed

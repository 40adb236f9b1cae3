"""Official documents (PDF, Excel, CSV) and the stored record (audit summaries) are in Chinese
whatever language the user reads the pages in: they are built under the project's default
language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

P = ParamSpec("P")
R = TypeVar("R")


def official(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def in_chinese(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return in_chinese


def official_text(message: str | Promise, /, **params: object) -> str:
    """``message`` (a ``gettext_lazy`` text) filled with ``params``, in the default language.

    For what is stored as the record, such as an audit event's summary: it reads the same
    whichever language its author used. Each parameter becomes text inside the language switch,
    so a lazy label or a model whose ``__str__`` translates comes out in that language too; a
    callable parameter (``obj.get_status_display``) is called there first.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        if not params:
            return text
        return text % {key: str(_value(value)) for key, value in params.items()}


def _value(value: object) -> object:
    return value() if callable(value) and not isinstance(value, Promise) else value

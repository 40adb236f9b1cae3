"""Official documents (PDF, Excel, CSV) are in Chinese whatever language the user reads the
pages in: their builders run under the project's default language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation

P = ParamSpec("P")
R = TypeVar("R")


def official(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def in_chinese(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return in_chinese

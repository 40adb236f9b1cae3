"""People's names: refuse control and invisible characters, so that look-alike names
(a right-to-left override, a zero-width space ...) cannot be entered."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

# Cc: control characters (tab, line breaks, NUL ...); Cf: format characters (U+200B zero-width
# space, U+202E right-to-left override, U+FEFF byte order mark ...).
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf"})

NAME_HIDDEN_CHARS = _("姓名含有不可见字符或控制字符，请删除后重新输入。")


def has_hidden_chars(value: str) -> bool:
    return any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in value)


def check_name(value: str, message=NAME_HIDDEN_CHARS) -> str:
    """`value` unchanged; a form ValidationError when it holds a control or invisible character."""
    if value and has_hidden_chars(value):
        raise forms.ValidationError(message, code="hidden_chars")
    return value

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


def initials_keys(name: str) -> list[str]:
    """The name's pinyin initials, one key per reading of its surname: 张红雷 -> ["zhl"],
    单雄信 -> ["dxx", "cxx", "sxx"], 曾国藩 -> ["cgf", "zgf"]. The given name takes its usual
    reading. Characters without a reading (letters, digits, ·) keep their own lower-case letter
    or are dropped; an empty list for a name with nothing to spell."""
    from pypinyin import Style, lazy_pinyin, pinyin

    name = "".join(name.split())
    if not name:
        return []
    rest = "".join(
        part[0].lower()
        for part in lazy_pinyin(name[1:], style=Style.FIRST_LETTER, errors=_letters)
        if part and part[0].isascii() and part[0].isalnum()
    )
    first = pinyin(name[0], style=Style.FIRST_LETTER, heteronym=True, errors=_letters)
    readings = [r.lower() for r in (first[0] if first else []) if r and r.isascii() and r.isalnum()]
    keys = list(dict.fromkeys(f"{reading[0]}{rest}"[:MAX_KEY] for reading in readings))
    return keys or ([rest[:MAX_KEY]] if rest else [])


#: The longest key kept: a longer typed prefix is cut to this length before searching.
MAX_KEY = 20


def _letters(chars: str) -> list[str]:
    """pypinyin's fallback for characters it has no reading for: keep ASCII letters and digits."""
    return [c.lower() for c in chars if c.isascii() and c.isalnum()]

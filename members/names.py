"""People's names: refuse control and invisible characters, so that look-alike names
(a right-to-left override, a zero-width space ...) cannot be entered."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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
    单雄信 -> ["dxx", "cxx", "sxx"], 曾国藩 -> ["cgf", "zgf"]. The given name takes each
    character's usual reading. Characters without a reading (letters, digits, ·) keep their own
    lower-case letter or are dropped; an empty list for a name with nothing to spell."""
    name = "".join(name.split())
    if not name:
        return []
    rest = "".join(_initials(char)[0] for char in name[1:] if _initials(char))
    keys = list(dict.fromkeys(f"{first}{rest}"[:MAX_KEY] for first in _initials(name[0])))
    return keys or ([rest[:MAX_KEY]] if rest else [])


@lru_cache(maxsize=20_000)
def _initials(char: str) -> tuple[str, ...]:
    """Every initial of `char`'s readings, the usual one first; a letter or digit stands for
    itself; nothing for other signs. Cached: a roster of 100,000 names holds a few thousand
    characters."""
    from pypinyin import Style, pinyin

    if char.isascii():
        return (char.lower(),) if char.isalnum() else ()
    readings = pinyin(char, style=Style.FIRST_LETTER, heteronym=True, errors=lambda _c: [[]])
    found = [r.lower() for r in (readings[0] if readings else []) if r and r.isascii()]
    return tuple(dict.fromkeys(r[0] for r in found if r[0].isalnum()))


#: The longest key kept: a longer typed prefix is cut to this length before searching.
MAX_KEY = 20

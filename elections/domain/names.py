"""Personal names as the rules compare them.

Rosters, ballots and typed write-ins spell the same name differently: two-character names are
padded with a full-width space (``"张　三"``), a name is typed with a stray space (``"王 芳"``), or
a character arrives decomposed or as a CJK compatibility ideograph. Every name that enters the
rules goes through :func:`normalize_name` once, so ``"张三"``, ``"张　三"`` and ``"张 三"`` are one
person on a ballot, in a count and in the stroke order (R7, R8).
"""

from __future__ import annotations

import unicodedata


def normalize_name(name: str) -> str:
    """``name`` without any whitespace (``str.isspace``: ASCII and full-width U+3000 spaces, tabs,
    line breaks ...), in Unicode normal form NFC.

    Idempotent: ``normalize_name(normalize_name(x)) == normalize_name(x)``.
    """
    return unicodedata.normalize("NFC", "".join(name.split()))


def require_name(name: object, what: str) -> str:
    """``name`` normalised; ``ValueError`` naming ``what`` when it is not a non-blank string."""
    if not isinstance(name, str):
        raise ValueError(f"{what}姓名必须是文字，而不是 {name!r}")
    normal = normalize_name(name)
    if not normal:
        raise ValueError(f"{what}姓名不能为空，而是 {name!r}")
    return normal

"""Mainland resident ID numbers (GB 11643-1999): 18 characters, the last a MOD 11-2 check."""

from __future__ import annotations

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise(value: str) -> str:
    return str(value).strip().upper().replace(" ", "")


def id_number_problem(value: str) -> str | None:
    """A Chinese message saying what is wrong, or None when the number is valid."""
    value = normalise(value)
    if len(value) != 18:
        return f"身份证号应为18位，实为{len(value)}位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号前17位应为数字，末位为数字或X"
    if birth_date_from_id(value) is None:
        return "身份证号中的出生日期无效"
    if check_char(value[:17]) != value[17]:
        return "身份证号校验位不正确，请核对"
    return None


def birth_date_from_id(value: str) -> date | None:
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """Build a valid number (used by the demo data and the tests)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)

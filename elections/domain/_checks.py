"""Argument checks shared by the rules, raising ``ValueError`` with a message a user can act on."""

from __future__ import annotations


def require_int(name: str, value: object, low: int, high: int | None = None) -> int:
    """Return ``value`` when it is an ``int`` (not a ``bool``) within ``low``..``high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}必须是整数，而不是 {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"{low}至{high}" if high is not None else f"不小于{low}"
        raise ValueError(f"{name}应为{bounds}，而不是{value}")
    return value


def require_bool(name: str, value: object) -> bool:
    """Return ``value`` when it is a ``bool``."""
    if not isinstance(value, bool):
        raise ValueError(f"{name}必须是 True 或 False，而不是 {value!r}")
    return value

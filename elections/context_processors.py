"""The navbar's inbox count, computed only when a template shows it."""

from __future__ import annotations

from django.http import HttpRequest

from elections.selectors.dashboard import inbox_count


def inbox(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_count": lambda: inbox_count(user)}

"""The navbar's inbox count and campaigns link, computed only when a template shows them."""

from __future__ import annotations

from django.http import HttpRequest

from elections.selectors.campaign import sees_campaigns
from elections.selectors.dashboard import inbox_count


def inbox(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "inbox_count": lambda: inbox_count(user),
        "sees_campaigns": lambda: sees_campaigns(user),
    }

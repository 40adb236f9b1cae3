"""Per-user limits on searches of the roster, counted in the cache (settings.CACHES).

A search by name, phone or ID number is a question someone could ask many times over to learn what
the pages do not show; browsing and paging without a search are not limited. The counter lives in
the default cache: with the default LocMemCache each process counts alone (gunicorn's workers each
allow the limit); a shared cache (CACHE_URL) makes it one count for the whole deployment.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WINDOW_SECONDS = 60


def count_within_limit(scope: str, key: object, *, limit: int) -> tuple[bool, int]:
    """Count one use of `scope` by `key` in the current minute: whether it is within `limit`, and
    the seconds until the next minute starts the count again."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    name = f"throttle:{scope}:{key}:{window}"
    # add() only creates the counter. incr() is atomic in LocMemCache, Memcached and Redis; the
    # database and file caches may lose a count when two requests race (the limit loosens a little).
    cache.add(name, 0, timeout=WINDOW_SECONDS * 2)
    try:
        used = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.set(name, 1, timeout=WINDOW_SECONDS * 2)
        used = 1
    retry_after = int((window + 1) * WINDOW_SECONDS - now) + 1
    return used <= limit, retry_after


def limit_roster_search(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A request with a search term (`?q=`) counts against the user's ROSTER_SEARCHES_PER_MINUTE;
    past it the answer is 429 with a page saying when to try again. Put it under login_required."""

    @wraps(view)
    def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.GET.get("q", "").strip():
            limit = settings.ROSTER_SEARCHES_PER_MINUTE
            allowed, retry_after = count_within_limit("roster-search", request.user.pk, limit=limit)
            if not allowed:
                response = render(
                    request,
                    "429.html",
                    {"limit": limit, "retry_after": retry_after},
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
        return view(request, *args, **kwargs)

    return limited

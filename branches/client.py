"""The address of the client behind the trusted reverse proxies (settings.TRUSTED_PROXY_COUNT).

One rule for every per-client limit: the login throttle (axes, through AXES_CLIENT_IP_CALLABLE)
and the public objection page. Each proxy appends the address it received the request from to
X-Forwarded-For, so with N trusted proxies in front of the app the client is the N-th entry
from the right. Entries further left were written by the client itself and are never read.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

log = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR with no trusted proxy, else the address the outermost
    trusted proxy appended to X-Forwarded-For.

    A request that carries fewer entries than there are trusted proxies did not pass through
    them all (or a proxy does not append), so the address of the peer itself is used.
    """
    peer = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [part.strip() for part in header.split(",") if part.strip()]
    if len(entries) < count:
        return peer
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        log.warning("X-Forwarded-For entry %r from a trusted proxy is not an address", candidate)
        return peer

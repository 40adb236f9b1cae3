"""GET /healthz: can this node serve? Used by the compose healthchecks and `make deploy-check`.

Answered by a middleware placed first, before host validation, the HTTPS redirect, sessions and
the login lockout, so a probe inside the container (http://127.0.0.1:8000/healthz, any Host)
gets the answer, not a redirect or a 400, and no session row is written every few seconds.
nginx lets only the host itself reach it (deploy/nginx/nginx.conf.template).

The body is JSON: {"status": "ok" | "error", "checks": {...}}, status 200 or 503. A check is
"ok", "error" (the reason goes to the log, not to the probe) or "not configured":
- database: a query on the default database;
- storage: a small file written to and deleted from the default storage (MEDIA_ROOT);
- worker: the job workers' heartbeat (config.queue, JOBS_BACKEND=queue): "ok" while one has
  beaten within JOBS_STALLED_AFTER_SECONDS, "down" otherwise. "down" does not make this node
  unhealthy: pages are served, jobs wait in the queue until a worker is back (the worker
  service's own healthcheck, `manage.py check_worker`, fails instead). Without the queue (SQLite:
  jobs run in the web process) it is "not configured".
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse

from config import queue

log = logging.getLogger(__name__)
PATH = "/healthz"
OK, ERROR, NOT_CONFIGURED, DOWN = "ok", "error", "not configured", "down"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return OK


def check_worker() -> str:
    if settings.JOBS_BACKEND != queue.QUEUE:
        return NOT_CONFIGURED
    return OK if queue.live_workers() else DOWN


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "storage": check_storage,
    "worker": check_worker,
}


def health() -> tuple[int, dict[str, object]]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            log.exception("health check %s failed", name)
            results[name] = ERROR
    healthy = ERROR not in results.values()
    return (200 if healthy else 503), {"status": OK if healthy else ERROR, "checks": results}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        status, body = health()
        return HttpResponse(
            json.dumps(body),
            status=status,
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )

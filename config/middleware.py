"""The app node's name on responses; a request id and one log line per request; Chinese unless
the user chose otherwise (the browser's Accept-Language is not a choice); the
Content-Security-Policy on pages."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from branches.client import client_ip
from config import logs

request_log = logging.getLogger("huanjie.request")
# nginx's $request_id is 32 hex digits; a longer or stranger value is replaced, not logged.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class NodeNameMiddleware:
    """With several app nodes behind one proxy: names the node that served each response
    (X-Huanjie-Node: NODE_NAME), /healthz included. Not used unless NODE_NAME is set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.NODE_NAME:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.name = settings.NODE_NAME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["X-Huanjie-Node"] = self.name
        return response


class RequestIdMiddleware:
    """Gives each request an id (X-Request-ID from nginx when it is well formed, else a new one),
    puts it on every log line written while the request is served and on the response, and logs
    the request as one line: method, path (never the query string, which may hold a searched name
    or ID number), status, duration, client address and user id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = logs.request_id.set(rid)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "client_ip": client_ip(request),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            logs.request_id.reset(token)


class ChineseByDefaultMiddleware:
    """Runs before LocaleMiddleware, so only the language switch (cookie) can select English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PageContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY) on HTML responses only. A PDF shown inline is
    drawn by Chrome's viewer inside a page the browser makes up, with inline styles and an <embed>
    that the page policy (style-src, object-src 'none') would leave blank (crbug.com/271452).
    Spreadsheets and archives are saved, not shown; uploads carry a policy of their own
    (branches.responses.upload)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)

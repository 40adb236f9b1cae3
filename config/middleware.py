"""Chinese unless the user chose otherwise: the browser's Accept-Language is not a choice. The
Content-Security-Policy on pages."""

from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase


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

"""Error reporting to a Sentry-compatible service (Sentry, GlitchTip), off unless SENTRY_DSN is set.

The SDK is an optional extra (`pip install ".[sentry]"`, installed in the image) imported only
when a DSN is set. Reports carry no personal data the SDK could add (cookies and the user stay out
as by default; no request body: max_request_body_size "never"), and every string of
an event or a breadcrumb passes through scrub_id_numbers: a resident ID number in an exception
message, a local variable or a URL is replaced before the event leaves the process.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.logs import scrub_id_numbers


def scrub(value: Any) -> Any:
    """The same structure with every ID number in its strings (keys too) hidden."""
    if isinstance(value, str):
        return scrub_id_numbers(value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    return value


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    return scrub(event)


def before_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    return scrub(crumb)


def init_error_reporting(
    dsn: str, *, environment: str, release: str | None, traces_sample_rate: float
) -> bool:
    """Starts the SDK when a DSN is given; True when it was started."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as exc:
        raise ImproperlyConfigured(
            'SENTRY_DSN is set but sentry-sdk is not installed: pip install ".[sentry]"'
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration()],
        # Form posts hold members' names and ID numbers: never sent, whatever their size.
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
    )
    return True

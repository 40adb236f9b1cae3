"""Documents of the prepare and publicise phases: the request, its reply and the public notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse

from elections.documents.common import chinese_date, doc_number, plan_context
from elections.models import DocumentKind, Renewal
from elections.selectors.candidates import notice_candidates


def request(
    renewal: Renewal, number: str = "", on: date | None = None
) -> tuple[str, dict[str, Any]]:
    return "pdf/request.html", plan_context(renewal, on) | doc_number(
        renewal, DocumentKind.REQUEST, number
    )


def request_reply(
    renewal: Renewal, number: str = "", on: date | None = None
) -> tuple[str, dict[str, Any]]:
    return "pdf/request_reply.html", plan_context(renewal, on) | doc_number(
        renewal, DocumentKind.REQUEST_REPLY, number
    )


def notice(renewal: Renewal, on: date | None = None, **_params: Any) -> tuple[str, dict[str, Any]]:

    context = plan_context(renewal, on)
    context.update(
        candidates=notice_candidates(renewal),
        notice_start=chinese_date(renewal.notice_start) if renewal.notice_start else "",
        notice_end=chinese_date(renewal.notice_end) if renewal.notice_end else "",
        public_path=reverse("public_notice", args=[renewal.public_token]),
        site=getattr(settings, "PUBLIC_BASE_URL", ""),
    )
    return "pdf/notice.html", context

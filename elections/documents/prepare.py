"""Documents of the prepare and publicise phases: the request, its reply and the public notices
(the candidates' notice, and the optional preliminary-list and appointment notices)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse

from elections.documents.common import chinese_date, doc_number, plan_context
from elections.models import DocumentKind, Notice, NoticeKind, Renewal
from elections.selectors.candidates import notice_candidates
from elections.selectors.congress import congress_of
from elections.selectors.notices import current_notice, people_on


def _how(renewal: Renewal) -> dict[str, Any]:
    """The congress, if the renewal is held by one, and the meeting that elects: 党员代表大会 or
    党员大会."""
    congress = congress_of(renewal)
    return {"congress": congress, "meeting_word": "党员代表大会" if congress else "党员大会"}


def request(
    renewal: Renewal, number: str = "", on: date | None = None
) -> tuple[str, dict[str, Any]]:
    return "pdf/request.html", plan_context(renewal, on) | doc_number(
        renewal, DocumentKind.REQUEST, number
    ) | _how(renewal)


def request_reply(
    renewal: Renewal, number: str = "", on: date | None = None
) -> tuple[str, dict[str, Any]]:
    return "pdf/request_reply.html", plan_context(renewal, on) | doc_number(
        renewal, DocumentKind.REQUEST_REPLY, number
    ) | _how(renewal)


def notice(
    renewal: Renewal, on: date | None = None, notice: Notice | None = None, **_params: Any
) -> tuple[str, dict[str, Any]]:
    """A notice as published (`notice`; default: the latest of the candidates' notices)."""
    return _notice(renewal, NoticeKind.CANDIDATES, on, notice)


def preliminary_notice(
    renewal: Renewal, on: date | None = None, notice: Notice | None = None, **_params: Any
) -> tuple[str, dict[str, Any]]:
    return _notice(renewal, NoticeKind.PRELIMINARY, on, notice)


def appointment_notice(
    renewal: Renewal, on: date | None = None, notice: Notice | None = None, **_params: Any
) -> tuple[str, dict[str, Any]]:
    return _notice(renewal, NoticeKind.APPOINTMENT, on, notice)


def _notice(
    renewal: Renewal, kind: str, on: date | None, notice: Notice | None
) -> tuple[str, dict[str, Any]]:
    notice = notice or current_notice(renewal, kind)
    context = plan_context(renewal, on)
    if notice is not None:
        people = people_on(notice)
    else:
        people = [] if kind == NoticeKind.APPOINTMENT else notice_candidates(renewal)
    context.update(
        kind=kind,
        notice=notice,
        candidates=people,
        appointed=notice.people if notice is not None and kind == NoticeKind.APPOINTMENT else [],
        notice_start=chinese_date(notice.start) if notice else "",
        notice_end=chinese_date(notice.end) if notice else "",
        public_path=reverse("public_notice", args=[renewal.public_token]),
        site=getattr(settings, "PUBLIC_BASE_URL", ""),
    )  # fmt: skip
    return "pdf/notice.html", context

"""One builder per document: the renewal's data → (template, context) for the PDF pipeline."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from django.utils import timezone

from elections import domain

from ..models import DocumentKind, Renewal

CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as official documents write seat counts (五名, 十二名)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"


def percent(share: Fraction) -> str:
    value = share * 100
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):.1f}%"


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _plan(renewal: Renewal) -> dict[str, Any]:
    from ..services import census

    rules = renewal.ruleset()
    branch = renewal.branch
    term = branch.current_term()
    figures = census(renewal)
    plan: dict[str, Any] = {
        "renewal": renewal,
        "branch": branch,
        "superior": branch.parent,
        "term": term,
        "next_number": (term.number + 1) if term else 1,
        "figures": figures,
        "today": chinese_date(timezone.localdate()),
        "meeting_date": chinese_date(renewal.meeting_date) if renewal.meeting_date else "",
        "elect_deputy": renewal.elect_deputy,
        "secretary_only": renewal.secretary_only,
        "term_years": rules.term_years_for(branch.category or "other"),
    }
    if not renewal.secretary_only and renewal.seats:
        candidates = domain.min_candidates(renewal.seats, rules)
        plan.update(
            seats=chinese_number(renewal.seats),
            candidates=chinese_number(candidates),
            margin=percent(rules.differential_margin),
        )
    return plan


def request(renewal: Renewal) -> tuple[str, dict[str, Any]]:
    return "pdf/request.html", _plan(renewal)


def request_reply(renewal: Renewal) -> tuple[str, dict[str, Any]]:
    return "pdf/request_reply.html", _plan(renewal)


def notice(renewal: Renewal) -> tuple[str, dict[str, Any]]:
    from django.conf import settings
    from django.urls import reverse

    from ..publicity import notice_candidates

    context = _plan(renewal)
    context.update(
        candidates=notice_candidates(renewal),
        notice_start=chinese_date(renewal.notice_start) if renewal.notice_start else "",
        notice_end=chinese_date(renewal.notice_end) if renewal.notice_end else "",
        public_path=reverse("public_notice", args=[renewal.public_token]),
        site=getattr(settings, "PUBLIC_BASE_URL", ""),
    )
    return "pdf/notice.html", context


BUILDERS: dict[str, Callable[..., tuple[str, dict[str, Any]]]] = {
    DocumentKind.NOTICE: notice,
    DocumentKind.REQUEST: request,
    DocumentKind.REQUEST_REPLY: request_reply,
}

# The vote, approval and archive documents; imported last, as they reuse the helpers above.
from .builders_vote import VOTE_BUILDERS  # noqa: E402

BUILDERS.update(VOTE_BUILDERS)

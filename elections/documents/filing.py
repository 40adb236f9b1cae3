"""The secretaries' profiles (一人一档) filed with the level above: one page per person elected to a
post the superior approves, printed from the selector's Profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from branches.official import official
from elections.documents.common import chinese_date
from elections.documents.pdf import render_pdf
from elections.models import Renewal
from elections.selectors.filing import Profile, secretary_profiles


def _month(day: date | None) -> str:
    """出生年月 as a personnel form writes it: 1980.01."""
    return f"{day.year}.{day.month:02d}" if day else ""


def profile_context(profile: Profile, *, today: date | None = None) -> dict[str, Any]:
    return {
        "p": profile,
        "birth": _month(profile.birth_date),
        "joined": _month(profile.joined_on),
        "full_member": _month(profile.full_member_on),
        "elected_on": chinese_date(profile.elected_on),
        "approved_on": chinese_date(profile.approved_on) if profile.approved_on else "",
        "votes": [
            {
                "what": vote.what,
                "sitting": vote.sitting,
                "day": chinese_date(vote.held_on) if vote.held_on else "",
                "votes": vote.votes,
                "present": vote.present,
                "expected": vote.expected,
            }
            for vote in profile.votes
        ],
        "past_posts": [
            {
                "period": f"{_month(post.start)}—{_month(post.end)}",
                "text": f"{post.organisation}第{post.term}届委员会{post.post}",
            }
            for post in profile.past_posts
        ],
        "today": chinese_date(today or timezone.localdate()),
    }


@official
def profile_pdfs(renewal: Renewal, *, elected_on: date) -> list[tuple[Profile, bytes]]:
    """Each profile of the renewal with its PDF; read and printed in Chinese, as the labels the
    profile holds (posts, sittings, sex) are words of the document."""
    return [
        (profile, render_pdf("pdf/secretary_profile.html", profile_context(profile)))
        for profile in secretary_profiles(renewal, elected_on=elected_on)
    ]

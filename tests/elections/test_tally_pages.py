"""The tally sheet keeps its signatures with its figures: the scrutineers' confirmation and the
signature lines never stand alone on a page, whatever the number of candidates and write-ins."""

from __future__ import annotations

import pytest
from django.utils import timezone

from elections import domain
from elections.documents import build_pdf
from elections.models import Body, DocumentKind, Meeting, MeetingKind, Round, RoundKind, RoundStatus
from members.models import Member
from tests.pdf_text import pdftotext

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def pages(data: bytes) -> list[str]:
    out = pdftotext(data, layout=True)
    return ["".join(page.split()) for page in out.split("\f") if page.strip()]


def tally_with(renewal, write_ins: int) -> bytes:
    """A round of 6 candidates for 5 seats with `write_ins` other names written in."""
    people = list(Member.objects.filter(branch=renewal.branch, status="full").order_by("pk"))
    candidates = domain.sort_by_strokes([m.name for m in people[:6]])
    others = [f"{SURNAMES[i % len(SURNAMES)]}另{i}" for i in range(write_ins)]
    meeting = Meeting.objects.create(
        renewal=renewal, kind=MeetingKind.MEMBERS, held_on=timezone.localdate()
    )
    meeting.scrutineers.set(people[6:8])
    meeting.counters.set(people[8:9])
    round_ = Round.objects.create(
        meeting=meeting, number=1, body=Body.COMMITTEE, kind=RoundKind.FIRST, seats=5,
        candidates=[{"name": n} for n in candidates], expected=9, present=9, issued=9,
        returned=9, status=RoundStatus.CLOSED, confirmed_by=people[6].name,
        closed_at=timezone.now(),
        outcome={
            "void": False, "returned": 9, "valid": 9, "invalid": 0, "base": "present",
            "base_size": 9, "threshold": 5, "yes": [[n, 8] for n in candidates[:5]]
            + [[candidates[5], 2]] + [[n, 1] for n in others],
            "no": {}, "abstain": {}, "elected": candidates[:5], "runoff": [], "runoff_seats": 0,
            "unfilled": 0, "readings_differ": False, "write_in_members": {},
        },
    )  # fmt: skip
    return build_pdf(renewal, DocumentKind.TALLY, round_=round_)


@pytest.mark.parametrize("write_ins", range(4, 30, 2))
def test_the_signatures_stay_with_the_last_rows_of_the_figures(planned, write_ins):
    """Regression: with many write-ins the confirmation and the signature lines went to page 2
    alone, away from the figures they sign."""
    printed = pages(tally_with(planned, write_ins))
    last = printed[-1]
    assert "以上计票结果经监票人" in last
    assert "签名" in last
    if len(printed) > 1:
        rows_carried = last.split("以上计票结果经监票人", 1)[0]
        assert f"另{write_ins - 1}1——未当选" in rows_carried, last[:80]  # the last row


def test_a_long_round_does_take_two_pages(planned):
    """So that the test above checks the page break, not only sheets that fit on one page."""
    assert len(pages(tally_with(planned, 12))) == 2

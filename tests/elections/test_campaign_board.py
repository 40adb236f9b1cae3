"""The campaign board: its cells and totals against a timetable the test moves, the members'
meeting's day, launch problems and the hook for approved delays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import OrganisationKind
from elections.domain.timetable import STEPS, Cell, State, Step
from elections.models import Phase
from elections.selectors import campaign_board
from elections.selectors.campaign_board import BoardQuery, board_for
from elections.selectors.campaign_steps import step_cells, step_dates
from elections.services.shifts import renewal_shift_decide
from tests.campaign_helpers import hold_meeting, make_campaign, place, shift
from tests.conftest import make_org
from tests.shift_helpers import ask, term_ends_in

TODAY = timezone.localdate()


def day(n: int):
    return TODAY + timedelta(days=n)


#: prepare -15, recommend -5, vet +2, publicise +10, meeting +15, vote +16, approve +25, archive +30
OFFSETS = dict(zip(STEPS, (-15, -5, 2, 10, 15, 16, 25, 30), strict=True))


@pytest.fixture
def world(tree, users):
    """机关党委's campaign: B1 in recommend (prepare done on time, recommend 5 days late), B2
    under 党总支 in vet (prepare done a day late), B4 under 党总支 not launched (a problem)."""
    campaign = make_campaign(
        tree["a"],
        start=day(-30),
        end=day(30),
        deadlines={str(s): day(n).isoformat() for s, n in OFFSETS.items()},
    )
    b4 = make_org("B4", OrganisationKind.BRANCH, tree["g"], name="第四党支部")
    entries = {
        "b1": place(campaign, tree["b1"], Phase.RECOMMEND,
                    entered={Phase.PREPARE: day(-30), Phase.RECOMMEND: day(-20)}),
        "b2": place(campaign, tree["b2"], Phase.VET,
                    entered={Phase.PREPARE: day(-30), Phase.RECOMMEND: day(-14),
                             Phase.VET: day(-6)}),
        "b4": place(campaign, b4, problem="正式党员不足3人"),
    }  # fmt: skip
    return {"campaign": campaign, "entries": entries, "users": users, "tree": tree}


def cells(world, query: BoardQuery | None = None) -> dict[str, tuple[Cell, ...]]:
    board = board_for(
        world["campaign"], level=world["tree"]["a"], query=query or BoardQuery(), today=TODAY
    )
    return {row.code.lower(): row.cells for row in board.rows}


def test_step_dates_read_the_timeline_the_meeting_and_the_seal(world):
    renewal = world["entries"]["b2"].renewal
    dates = step_dates(renewal)
    assert dates[Step.PREPARE] == (day(-30), day(-14))
    assert dates[Step.RECOMMEND] == (day(-14), day(-6))
    assert dates[Step.VET] == (day(-6), None)
    assert dates[Step.MEETING] == (None, None)
    assert step_dates(renewal, meeting_held_on=day(-1))[Step.MEETING] == (None, day(-1))
    renewal.phase = Phase.CANCELLED
    assert set(step_dates(renewal).values()) == {(None, None)}
    assert set(step_dates(None).values()) == {(None, None)}


def test_step_cells_against_the_deadlines(world):
    renewal = world["entries"]["b1"].renewal
    deadlines = world["campaign"].deadline_map()
    got = step_cells(renewal, deadlines, today=TODAY)
    assert got[Step.PREPARE] == Cell(State.DONE, day(-20))
    assert got[Step.RECOMMEND] == Cell(State.LATE, None, 5)
    assert got[Step.VET] == Cell(State.NOT_STARTED)


def test_cells_and_totals_follow_the_timetable_as_it_moves(world):
    got = cells(world)
    assert got["b1"][:3] == (
        Cell(State.DONE, day(-20)), Cell(State.LATE, None, 5), Cell(State.NOT_STARTED)
    )  # fmt: skip
    assert got["b2"][:3] == (
        Cell(State.DONE_LATE, day(-14), 1), Cell(State.DONE, day(-6)), Cell(State.RUNNING, None, 6)
    )  # fmt: skip
    assert got["b4"][:3] == (
        Cell(State.LATE, None, 15), Cell(State.LATE, None, 5), Cell(State.NOT_STARTED)
    )  # fmt: skip
    board = board_for(world["campaign"], level=world["tree"]["a"], query=BoardQuery(), today=TODAY)
    prepare, recommend, vet = board.totals[:3]
    assert (prepare.done, prepare.done_late, prepare.late, prepare.not_started) == (2, 1, 1, 0)
    assert (recommend.done, recommend.late, recommend.running) == (1, 2, 0)
    assert (vet.running, vet.not_started, vet.late) == (1, 2, 0)
    assert board.late_count == 2

    shift(world["campaign"], 10)  # a later timetable: nothing is late any more
    got = cells(world)
    assert got["b1"][:2] == (Cell(State.DONE, day(-20)), Cell(State.RUNNING, None, 20))
    assert got["b2"][0] == Cell(State.DONE, day(-14))
    assert got["b4"][:2] == (Cell(State.LATE, None, 5), Cell(State.NOT_STARTED))

    shift(world["campaign"], -20)  # ten days earlier than the first: vet is late too
    got = cells(world)
    assert got["b1"][:3] == (
        Cell(State.DONE_LATE, day(-20), 5), Cell(State.LATE, None, 15), Cell(State.LATE, None, 8)
    )  # fmt: skip
    assert got["b2"][:3] == (
        Cell(State.DONE_LATE, day(-14), 11), Cell(State.DONE_LATE, day(-6), 9),
        Cell(State.LATE, None, 8),
    )  # fmt: skip
    board = board_for(world["campaign"], level=world["tree"]["a"], query=BoardQuery(), today=TODAY)
    assert (board.totals[2].late, board.totals[2].running) == (3, 0)
    assert board.late_count == 3


def test_the_page_reads_without_colour(client, world):
    client.force_login(world["users"]["staff"])
    page = client.get(reverse("campaigns:board", args=[world["campaign"].pk])).content.decode()
    assert "⚠ 逾期 5 天" in page  # B1's recommendation, a symbol and words beside the red
    assert "✓! 完成" in page
    assert "晚 1 天" in page
    assert "▶ 进行中 6 天" in page
    assert "— 未开始" in page
    assert f"截止 {day(-5).isoformat()}" in page  # the deadline in the column's header
    assert "未能启动" in page
    assert "正式党员不足3人" in page
    assert "完成 2" in page
    assert "逾期 1" in page


def test_the_meeting_counts_once_it_has_sat(world):
    """A meeting on record has sat only when a round was opened at it (quorum reached)."""
    entry = world["entries"]["b1"]
    entry.renewal.phase = Phase.VOTE
    entry.renewal.timeline |= {p: entry.renewal.timeline[Phase.RECOMMEND] for p in
                               (Phase.VET, Phase.PUBLICISE, Phase.VOTE)}  # fmt: skip
    entry.renewal.save()
    meeting = hold_meeting(entry.renewal, day(-1), sat=False)
    meeting_column = STEPS.index(Step.MEETING)
    assert cells(world)["b1"][meeting_column].state == State.RUNNING
    meeting.rounds.create(
        number=1, body="committee", kind="first", seats=3, expected=10, present=9, issued=9
    )
    assert cells(world)["b1"][meeting_column] == Cell(State.DONE, day(-1))


def test_filters(client, world):
    campaign, tree = world["campaign"], world["tree"]

    def codes(**query) -> list[str]:
        board = board_for(campaign, level=tree["a"], query=BoardQuery(**query), today=TODAY)
        return [row.code for row in board.rows]

    assert codes() == ["B2", "B4", "B1"]  # tree order (path)
    assert sorted(codes(late=True)) == ["B1", "B4"]
    assert codes(phase=Phase.VET) == ["B2"]
    assert codes(phase="none") == ["B4"]
    assert sorted(codes(sub=tree["g"].pk)) == ["B2", "B4"]
    assert codes(q="第四") == ["B4"]
    assert codes(q="b1") == ["B1"]
    client.force_login(world["users"]["staff"])
    url = reverse("campaigns:board", args=[campaign.pk])
    page = client.get(url, {"late": "on", "sub": tree["g"].pk}).content.decode()
    assert "第四党支部" in page
    assert "第二党支部" not in page
    assert "第一党支部" not in page


def test_a_delay_hook_gives_a_branch_its_own_deadlines(world, monkeypatch):
    """The approved delays (built beside the board) come in through delayed_deadlines."""
    b1 = world["tree"]["b1"]
    later = {b1.pk: {s: day(n + 30) for s, n in OFFSETS.items()}}
    monkeypatch.setattr(campaign_board, "delayed_deadlines", lambda campaign: later)
    board = board_for(world["campaign"], level=world["tree"]["a"], query=BoardQuery(), today=TODAY)
    row = next(r for r in board.rows if r.branch_id == b1.pk)
    assert row.delayed
    assert not row.late
    assert row.cells[1] == Cell(State.RUNNING, None, 20)
    assert next(r for r in board.rows if r.code == "B4").late  # the others keep theirs


def test_an_approved_delay_gives_the_branch_the_timetable_moved_to_its_new_date(world):
    """A delay approved to 20 days after the campaign's end moves that branch's deadlines by 20
    days: its late recommendation is not late any more, and the row says "已批准延期"; a delay
    still pending changes nothing."""
    b1, users = world["tree"]["b1"], world["users"]
    term_ends_in(b1, 0)
    shift = ask(users["secretary"], b1, days=50)  # the campaign ends in 30 days
    before = next(r for r in board_for(
        world["campaign"], level=world["tree"]["a"], query=BoardQuery(), today=TODAY
    ).rows if r.branch_id == b1.pk)  # fmt: skip
    assert before.late
    assert not before.delayed
    renewal_shift_decide(actor=users["approver"], shift=shift, approve=True, note="同意")
    assert campaign_board.delayed_deadlines(world["campaign"]) == {
        b1.pk: {s: day(n + 20) for s, n in OFFSETS.items()}
    }
    board = board_for(world["campaign"], level=world["tree"]["a"], query=BoardQuery(), today=TODAY)
    row = next(r for r in board.rows if r.branch_id == b1.pk)
    assert row.delayed
    assert not row.late

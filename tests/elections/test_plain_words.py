"""No internal codes on screen or paper (issue 10): the pages, the problems and the documents say
the rule in words. The rule book's numbers (R5, R9 ...) and its letters for the figures (E, P)
stay in the code and the tests; a user never reads them."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from elections import demo
from elections.documents import BUILDERS
from elections.documents.attendance import attendance_context
from elections.documents.ballots import TEMPLATE as BALLOT_TEMPLATE
from elections.documents.ballots import ballots_sheet
from elections.documents.excel import count_workbook
from elections.models import Body, DocumentKind, MeetingKind, Phase, Renewal, Round
from elections.selectors import problems as election_problems
from elections.selectors.meeting import committee, figures, formal_candidates, meeting_of
from elections.selectors.rounds import next_round
from elections.services import approve, meeting, rounds
from elections.services.vet import renewal_approve_list
from members import problems as member_problems

CODE = re.compile(r"\bR\d{1,2}\b|[（(][EPDS][）)]")
LANGUAGES = ("zh-hans", "en")
#: Attributes whose text reaches the user: shown, read aloud, or copied into the page by a script.
SHOWN = {"title", "placeholder", "aria-label", "alt", "value", "data-confirm"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        self.parts += [v for k, v in attrs if v and (k in SHOWN or k.startswith("data-"))]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def assert_plain(html: str, where: str) -> None:
    text = visible(html)
    found = [text[max(0, m.start() - 40) : m.end() + 10] for m in CODE.finditer(text)]
    assert not found, f"{where}: {found}"


def test_the_check_finds_codes():
    assert_plain("<p>到会人数须超过应到会人数的五分之四</p><script>// R5</script>", "plain")
    for html in ("<p>不足法定人数（R5）</p>", "<p>应到会（E）</p>", '<a title="R13">减少</a>'):
        with pytest.raises(AssertionError):
            assert_plain(html, "coded")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_problem_wording_cites_a_rule_code(language):
    """Every code's wording in elections/selectors/problems.py and members/problems.py."""
    wordings = {**member_problems.MESSAGES, **election_problems.MESSAGES}
    with translation.override(language):
        coded = {code: str(text) for code, text in wordings.items() if CODE.search(str(text))}
    assert not coded


def _get(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _check_pages(client, users, urls: list[str], where: str) -> None:
    for role in ("secretary", "approver"):
        client.force_login(users[role])
        for url in urls:
            for language in LANGUAGES:
                assert_plain(_get(client, url, language), f"{where} {url} {role} {language}")


def _renewal_page(client, users, renewal: Renewal) -> None:
    renewal.refresh_from_db()
    _check_pages(client, users, [renewal.get_absolute_url()], renewal.phase)


def _count(actor, round_: Round, yes: dict[str, int], *, scrutineer: str) -> Round:
    """Totals for `round_`: every ballot valid, `yes` votes for each name, the rest "no"."""
    rounds.round_record_returned(actor=actor, round_=round_, returned=round_.issued, mode="totals")
    valid = round_.issued
    rounds.totals_save(
        actor=actor, round_=round_, yes=yes, no={n: valid - v for n, v in yes.items()},
        abstain={n: 0 for n in yes}, invalid=0, write_ins={},
    )  # fmt: skip
    return rounds.round_close(actor=actor, round_=round_, confirmed_by=scrutineer)


def _open(actor, renewal: Renewal, kind: str = MeetingKind.MEMBERS) -> Round:
    plan = next_round(meeting_of(renewal, kind))
    chosen = None
    if plan is not None and plan.chosen_by_meeting:
        chosen = [
            c.member for c in formal_candidates(renewal) if c.member.name in dict(plan.candidates)
        ]
    issued = figures(meeting_of(renewal, kind)).present
    return rounds.round_open(actor=actor, renewal=renewal, kind=kind, issued=issued, chosen=chosen)


def test_pages_and_documents_of_a_whole_renewal_show_no_codes(client, users, renewal):
    """Each phase's page in both languages, the meeting-day pages before and after the quorum,
    the round pages (void, shortfall, tie), and every document's HTML, the ballot, the
    attendance register and the count workbook."""
    secretary, approver = users["secretary"], users["approver"]
    _renewal_page(client, users, renewal)
    planned = demo.plan(renewal, actor=secretary)
    recommending = demo.submit_request(planned, actor=secretary, approver=approver)
    # Too few attend the recommendation meeting and too few are nominated: the refusals show.
    demo.hold_recommendation(recommending, actor=secretary, votes=[4] * 3, present=4)
    _renewal_page(client, users, recommending)
    demo.hold_recommendation(recommending, actor=secretary, votes=[8] * 7, present=9)
    vetting = demo.vet_list(recommending, actor=secretary, approver=approver, reviewed=3)
    _renewal_page(client, users, vetting)
    demo.review(vetting, approver=approver)
    publicising = renewal_approve_list(actor=approver, renewal=vetting)
    _renewal_page(client, users, publicising)
    voting = demo.to_vote(publicising, actor=secretary)
    _renewal_page(client, users, voting)
    demo.prepare_meeting(voting, actor=secretary)
    members_day = reverse("elections:meeting_day", args=[voting.pk, MeetingKind.MEMBERS])
    # Four of ten present: no quorum, the page says how many must attend and why.
    for member in voting.branch.members.order_by("pk")[:4]:
        meeting.attendance_set(
            actor=secretary, renewal=voting, kind=MeetingKind.MEMBERS, member=member, present=True
        )
    _check_pages(client, users, [members_day, voting.get_absolute_url()], "no quorum")
    day = _get(client, members_day, "zh-hans")
    assert "须至少 8 名有选举权的党员到会（超过应到会人数的五分之四）" in day
    assert 'data-template="须至少 %(n)s 名有选举权的党员到会（超过应到会人数的五分之四）' in day
    demo.attend(voting, actor=secretary)
    scrutineer = meeting_of(voting).scrutineers.first().name
    names = [c.member.name for c in formal_candidates(voting)]

    void = _open(secretary, voting)
    rounds.round_record_returned(
        actor=secretary, round_=void, returned=void.issued + 1, mode="totals"
    )
    short = _count(
        secretary, _open(secretary, voting), dict(zip(names, [8, 8, 8, 2, 2, 2, 2], strict=True)),
        scrutineer=scrutineer,
    )  # fmt: skip
    round_pages = [reverse("elections:round_detail", args=[voting.pk, r.pk]) for r in (void, short)]
    _check_pages(client, users, [members_day, *round_pages], "shortfall")
    supplementary = _open(secretary, voting)
    tie = _count(
        secretary, supplementary, dict(zip(supplementary.names, [6, 5, 5, 0], strict=True)),
        scrutineer=scrutineer,
    )  # fmt: skip
    assert tie.result.runoff
    runoff = _open(secretary, voting)
    _count(secretary, runoff, dict(zip(runoff.names, [7, 2], strict=True)), scrutineer=scrutineer)
    assert len(committee(voting)) == 5
    round_pages.append(reverse("elections:round_detail", args=[voting.pk, tie.pk]))

    elected = committee(voting)
    plenary_day = reverse("elections:meeting_day", args=[voting.pk, MeetingKind.PLENARY])
    meeting.meeting_update(
        actor=secretary, renewal=voting, kind=MeetingKind.PLENARY, held_on=timezone.localdate(),
        start_time=None, place="会议室", chair=elected[0].name, agenda="",
    )  # fmt: skip
    meeting.meeting_staff_set(
        actor=secretary, renewal=voting, kind=MeetingKind.PLENARY,
        scrutineers=[elected[-1].member], counters=[],
    )  # fmt: skip
    _check_pages(client, users, [plenary_day, voting.get_absolute_url()], "plenary")
    demo.attend(voting, actor=secretary, kind=MeetingKind.PLENARY)
    for person in elected[:2]:
        round_ = rounds.round_open(
            actor=secretary, renewal=voting, kind=MeetingKind.PLENARY, issued=5,
            chosen=[person.member],
        )  # fmt: skip
        _count(secretary, round_, {person.name: 5}, scrutineer=elected[-1].name)
    duties = ["organisation", "publicity", "discipline", "youth", "member"]
    rest = [e for e in committee(voting) if not e.duty]
    rounds.duties_set(
        actor=secretary, renewal=voting, duties={e.pk: duties[i] for i, e in enumerate(rest)}
    )
    approving = approve.renewal_submit_result(actor=secretary, renewal=voting)
    _renewal_page(client, users, approving)
    archiving = approve.renewal_approve_result(actor=approver, renewal=approving)
    _renewal_page(client, users, archiving)
    sealed = demo.seal(archiving, actor=secretary)
    assert sealed.phase == Phase.ARCHIVE
    _renewal_page(client, users, sealed)
    _check_pages(client, users, [members_day, plenary_day, *round_pages], "sealed")

    every_round = list(Round.objects.filter(meeting__renewal=sealed).order_by("pk"))
    with translation.override("en"):  # whatever the user reads, the paper is the same
        for kind, builder in BUILDERS.items():
            if kind in CONGRESS_PAPERS:
                continue  # a congress's own papers: test_congress_result, test_unit_documents
            rounds_of = every_round if kind == DocumentKind.TALLY else [None]
            for round_ in rounds_of:
                params = {"round_": round_} if round_ is not None else {}
                template, context = builder(sealed, **params)
                assert_plain(render_to_string(template, context), f"{kind} {round_}")
        assert_plain(
            render_to_string("pdf/attendance.html", attendance_context(sealed)), "register"
        )
        sheet = ballots_sheet(
            sealed, body=Body.COMMITTEE, seats=5, names=names, allow=True, note="正式选举",
            held_on=timezone.localdate(),
        )  # fmt: skip
        ballot = {"sheet": sheet, "row_mm": "12", "write_in_rows": range(sheet.seats)}
        assert_plain(render_to_string(BALLOT_TEMPLATE, ballot), "ballot")
        book = load_workbook(io.BytesIO(count_workbook(sealed)))
    cells = [
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    ]
    assert not [c for c in cells if CODE.search(c)]


#: Papers only a renewal by delegates' congress has (a unit's need its unit).
CONGRESS_PAPERS = (
    DocumentKind.CONGRESS_METHOD,
    DocumentKind.CONGRESS_NOTICE,
    DocumentKind.UNIT_NOTICE,
    DocumentKind.UNIT_METHOD,
)


def test_the_quorum_hint_follows_the_rule_profile(client, users, voting):
    """The hint says the rule as the profile words it: "more than" four fifths by default, "not
    fewer than" four fifths when the profile is lenient."""
    voting.rules = {**voting.rules, "quorum": "lenient"}
    voting.save(update_fields=["rules"])
    demo.prepare_meeting(voting, actor=users["secretary"])
    client.force_login(users["secretary"])
    day = _get(client, reverse("elections:meeting_day", args=[voting.pk, "members"]), "zh-hans")
    assert "须至少 8 名有选举权的党员到会（不少于应到会人数的五分之四）；预备党员不计入。" in day
    assert "超过应到会人数的五分之四" not in day
    english = _get(client, reverse("elections:meeting_day", args=[voting.pk, "members"]), "en")
    assert "(At least four-fifths of the expected attendance)" in english

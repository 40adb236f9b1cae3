"""A delegates' congress from the allotment to the approved result (issue 15), through the real
services and the demo's walks: 机关党委's renewal opened by its staff, the allotment and the
request approved by 区委, committee and commission candidates recommended, vetted and
publicised, each unit's delegates elected and checked, the congress signed in, one ballot per
body with the delegates as voters, the first plenaries, the result approved by 区委."""

from __future__ import annotations

import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from branches.models import Post
from elections import demo
from elections.demo_congress import (
    confirm_delegates,
    confirmed_delegates,
    elect_unit,
    hold_congress,
    prepare_congress,
    propose_congress,
)
from elections.documents import build_pdf
from elections.models import Body, DocumentKind, MeetingKind, Phase
from elections.selectors.congress import congress_figures, congress_of
from elections.selectors.meeting import figures, meeting_of
from elections.services import approve
from tests.congress_helpers import committee_renewal, to_vote
from tests.pdf_text import pdftotext


def text(data: bytes) -> str:
    return "".join(pdftotext(data).split())


def test_congress_from_allotment_to_the_approved_result(tree, users) -> None:
    renewal = committee_renewal(tree, users)
    staff, superior = users["staff"], users["superior"]
    congress = propose_congress(renewal, actor=staff, approver=superior, total=10, minimum=2)
    assert congress.approved_by == superior
    renewal = to_vote(renewal, users, commission=3)
    assert renewal.phase == Phase.VOTE
    assert renewal.timeline.keys() >= {Phase.RECOMMEND, Phase.VET, Phase.PUBLICISE, Phase.VOTE}
    posts = list(renewal.nominees.filter(on_list=True).values_list("post", flat=True))
    assert posts.count(Body.COMMITTEE) == 7
    assert posts.count(Body.COMMISSION) == 4

    for unit in congress.units.select_related("unit"):
        elected = elect_unit(renewal, unit, actor=staff)
        assert len(elected) == unit.seats
    confirm_delegates(renewal, actor=staff)
    assert congress_figures(congress_of(renewal)).expected == 10
    assert len(confirmed_delegates(renewal)) == 10

    prepare_congress(renewal, actor=staff)
    renewal = hold_congress(renewal, actor=staff)
    assert renewal.phase == Phase.APPROVE
    sitting = meeting_of(renewal)
    counted = figures(sitting)
    # The delegates are the voters: E and P are the ten confirmed delegates, not the 43 members.
    assert (counted.expected, counted.present, counted.quorum) == (10, 10, True)
    ballots = list(sitting.rounds.order_by("number"))
    assert [(r.body, r.seats, r.expected, r.present) for r in ballots] == [
        (Body.COMMITTEE, 5, 10, 10),
        (Body.COMMISSION, 3, 10, 10),
    ]
    assert not set(ballots[0].names) & set(ballots[1].names)
    delegates = {m.name for m in confirmed_delegates(renewal)}
    assert {s.name for s in sitting.scrutineers.all()} <= delegates

    elected = renewal.elected.all()
    assert elected.filter(body=Body.COMMITTEE).count() == 5
    assert elected.filter(body=Body.COMMISSION).count() == 3
    assert elected.filter(body=Body.SECRETARY).count() == 1
    assert elected.filter(body=Body.DEPUTY).count() == 1
    commission_secretary = elected.get(body=Body.COMMISSION_SECRETARY)
    assert figures(meeting_of(renewal, MeetingKind.COMMISSION)).expected == 3
    report = text(build_pdf(renewal, DocumentKind.RESULT_REPORT))
    assert f"{commission_secretary.name}当选为纪律检查委员会书记" in report
    # Named for a committee's congress throughout: its sitting, its plenary, its report votes.
    assert "一、党员代表大会选举情况" in report
    assert "二、委员会第一次全体会议选举情况" in report
    assert "支部委员会" not in report
    assert report.index("大会表决委员会工作报告") < report.index("大会表决纪律检查委员会工作报告")
    labels = list(renewal.documents.filter(kind=DocumentKind.TALLY).values_list("label", flat=True))
    assert any(label.startswith("（党员代表大会第1轮 委员会委员") for label in labels)
    assert any(label.startswith("（委员会第一次全体会议第1轮 书记") for label in labels)
    assert not [label for label in labels if "（党员大会" in label or "支部委员会" in label]
    request = text(build_pdf(renewal, DocumentKind.REQUEST))
    assert "到会代表超过应到会代表的五分之四，大会方可进行选举" in request
    assert "应到会党员" not in request

    # 机关党委's own approver may not approve its result; 区委's approver does.
    with pytest.raises(PermissionDenied):
        approve.renewal_approve_result(actor=users["approver"], renewal=renewal)
    renewal = approve.renewal_approve_result(actor=superior, renewal=renewal)
    assert renewal.phase == Phase.ARCHIVE
    reply = text(build_pdf(renewal, DocumentKind.RESULT_REPLY))
    assert "你支部" not in reply
    assert "党员大会选举产生" not in reply
    term = renewal.branch.current_term()
    assert term is not None
    posts = list(term.posts.values_list("post", "person_name"))
    assert len(posts) == 8
    assert (Post.COMMISSION_SECRETARY, commission_secretary.name) in posts
    assert [p for p, _n in posts].count(Post.COMMISSION_MEMBER) == 2

    # The congress adopted its own election method: issued then, kept in the sealed archive.
    method = renewal.documents.get(kind=DocumentKind.CONGRESS_METHOD)
    assert not renewal.documents.filter(kind=DocumentKind.METHOD).exists()
    sealed = demo.seal(renewal, actor=staff)
    assert sealed.documents.filter(kind=DocumentKind.CONGRESS_METHOD).count() == 1
    with sealed.archive.open("rb") as fh, zipfile.ZipFile(io.BytesIO(fh.read())) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist()}
    [name] = [n for n in files if n.startswith("文书/") and n.endswith("-党员代表大会选举办法.pdf")]
    assert hashlib.sha256(files[name]).hexdigest() == method.sha256
    manifest = files["MANIFEST-SHA256.txt"].decode().splitlines()[1:]
    assert f"{method.sha256}  {name}" in manifest
    adopted = text(files[name])
    assert "党员代表大会选举办法" in adopted
    assert "大会通过" in adopted
    assert "经代表资格审查确认的代表10名" in adopted
    # The list of delegates, with the credentials check's decisions, is archived too.
    delegates = openpyxl.load_workbook(io.BytesIO(files["党员代表大会代表名单.xlsx"]))
    names = [row[1] for row in delegates["代表名单"].iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == sorted(
        d.name for u in congress_of(sealed).units.all() for d in u.delegates.all()
    )
    assert any(line.endswith("  党员代表大会代表名单.xlsx") for line in manifest)

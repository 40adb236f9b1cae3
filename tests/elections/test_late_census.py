"""R4 after the request: exclusions until the first ballot (the superior's approval, E, the quorum
figure and the documents that printed E follow), and members added or moved after the request
change E only through the census step."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branches.models import AuditEvent
from elections import demo
from elections.models import DocumentKind, ExclusionStatus, Phase, Renewal
from elections.selectors.dashboard import inbox_for, pending_exclusions
from elections.selectors.meeting import figures, formal_candidates, meeting_of
from elections.selectors.prepare import census
from elections.services.census import exclusions_meeting_vote, roll_confirm
from elections.services.meeting import attendance_set
from elections.services.prepare import (
    exclusion_add,
    exclusion_decide,
    exclusion_withdraw,
    renewal_return,
)
from elections.services.rounds import round_open
from tests.conftest import make_member
from tests.pdf_text import pdftotext


def _not_a_candidate(renewal):
    standing = {n.member_id for n in renewal.nominees.all()}
    return renewal.branch.members.filter(status="full").exclude(pk__in=standing).first()


def _events(renewal, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type="elections.renewal", target_id=str(renewal.pk), action=action
        )
    )


def test_an_exclusion_in_the_vote_needs_the_superior_and_updates_e_quorum_and_documents(
    users, voting
):
    """Regression: exclusions were possible only while the plan was being prepared; a member who
    fell ill after the request could never be taken out of E."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    meeting = meeting_of(voting)
    before = census(voting)["expected"]
    quorum_before = figures(meeting).min_present
    member = _not_a_candidate(voting)

    exclusion = exclusion_add(
        actor=users["secretary"], renewal=voting, member=member, reason="illness", note="住院"
    )
    # Pending: E is as it was, and the approval waits in the superior's queue.
    assert census(voting)["expected"] == before
    assert list(pending_exclusions(users["approver"])) == [exclusion]
    assert any(i.kind == "exclusion" for i in inbox_for(users["approver"]).items)
    with pytest.raises(PermissionDenied):
        exclusion_decide(actor=users["secretary"], exclusion=exclusion, approve=True)

    exclusion_decide(actor=users["approver"], exclusion=exclusion, approve=True)
    voting.refresh_from_db()
    assert census(voting)["expected"] == before - 1
    assert figures(meeting).expected == before - 1
    assert figures(meeting).min_present <= quorum_before
    assert voting.census_log[-1]["from"] == before
    assert voting.census_log[-1]["to"] == before - 1
    assert _events(voting, "census_recount")
    # The request and the method printed E: issued again, the earlier ones kept.
    for kind in (DocumentKind.REQUEST, DocumentKind.METHOD):
        docs = list(voting.documents.filter(kind=kind).order_by("issued_at", "pk"))
        assert len(docs) == 2
        assert docs[0].sha256 != docs[1].sha256
        assert "重新形成" in docs[1].label
    request = voting.documents.filter(kind=DocumentKind.REQUEST).order_by("-pk").first()
    assert docs[0].number == docs[1].number or not docs[0].number
    assert f"应到会党员{before - 1}名" in pdftotext(request.file.read()).replace(" ", "")
    # An approved exclusion that changed E stays.
    with pytest.raises(ValidationError):
        exclusion_withdraw(actor=users["secretary"], exclusion=exclusion)
    assert not pending_exclusions(users["approver"]).exists()


def test_no_exclusion_once_the_first_ballot_is_issued(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    member = _not_a_candidate(voting)
    pending = exclusion_add(
        actor=users["secretary"], renewal=voting, member=member, reason="illness"
    )
    demo.attend(voting, actor=users["secretary"])
    round_open(actor=users["secretary"], renewal=voting, kind="members", issued=5)
    assert not pending_exclusions(users["approver"]).exists()
    with pytest.raises(ValidationError, match="选票"):
        exclusion_decide(actor=users["approver"], exclusion=pending, approve=True)
    other = voting.branch.members.filter(status="full").exclude(pk=member.pk).last()
    with pytest.raises(ValidationError, match="选票"):
        exclusion_add(actor=users["secretary"], renewal=voting, member=other, reason="bedridden")
    pending.refresh_from_db()
    assert pending.status == ExclusionStatus.PENDING


def test_the_renewal_and_meeting_pages_show_the_recount(client, users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    before = census(voting)["expected"]
    client.force_login(users["secretary"])
    member = _not_a_candidate(voting)
    response = client.post(
        reverse("elections:exclusion_add", args=[voting.pk]),
        {"member": member.pk, "reason": "illness", "note": ""},
    )
    assert response.status_code == 302
    exclusion = voting.exclusions.get()
    client.force_login(users["approver"])
    page = client.get(voting.get_absolute_url()).content.decode()
    assert reverse("elections:exclusion_decide", args=[voting.pk, exclusion.pk]) in page
    client.post(
        reverse("elections:exclusion_decide", args=[voting.pk, exclusion.pk]),
        {"decision": "approve"},
    )
    recount = f"由 {before} 名调整为 {before - 1} 名"
    assert recount in client.get(voting.get_absolute_url()).content.decode()
    day = client.get(reverse("elections:meeting_day", args=[voting.pk, "members"]))
    assert recount in day.content.decode()
    assert str(before - 1) in day.content.decode()


def test_members_added_or_moved_after_the_request_change_e_only_through_the_census(
    client, users, recommending, tree
):
    """Regression: E was counted from the branch's roll as it is, so a member added or moved
    after the request changed E (and the quorum) silently."""
    before = census(recommending)["expected"]
    newcomer = make_member(recommending.branch, name="新来人")
    leaver = recommending.branch.members.filter(status="full").order_by("pk").first()
    leaver.branch = tree["b2"]
    leaver.save(update_fields=["branch"])
    assert census(recommending)["expected"] == before
    changes = census(recommending)["roll_changes"]
    assert changes["added"] == [newcomer]
    assert changes["removed"] == [leaver]

    client.force_login(users["secretary"])
    page = client.get(recommending.get_absolute_url()).content.decode()
    assert "请示报送后党员名册有变动：新增1人（新来人），调出1人" in page
    assert "请在人员核实中确认" in page
    assert reverse("elections:roll_confirm", args=[recommending.pk]) in page

    response = client.post(reverse("elections:roll_confirm", args=[recommending.pk]))
    assert response.status_code == 302
    recommending.refresh_from_db()
    assert newcomer.pk in recommending.roll
    assert leaver.pk not in recommending.roll
    assert census(recommending)["expected"] == before
    assert _events(recommending, "roll_confirm")
    assert not census(recommending)["roll_changes"]["added"]

    # A newcomer alone changes E by one, through the same step, and the log shows it.
    make_member(recommending.branch, name="又来人")
    assert census(recommending)["expected"] == before
    roll_confirm(actor=users["secretary"], renewal=recommending)
    recommending.refresh_from_db()
    assert census(recommending)["expected"] == before + 1
    assert recommending.census_log[-1]["to"] == before + 1
    assert "又来人" in recommending.census_log[-1]["why"]
    with pytest.raises(ValidationError, match="没有变动"):
        roll_confirm(actor=users["secretary"], renewal=recommending)


def test_a_returned_request_reads_the_roll_as_it_is_again(users, planned):
    demo.submit_request(planned, actor=users["secretary"])
    planned.refresh_from_db()
    assert planned.roll is not None
    renewal_return(actor=users["approver"], renewal=planned, reason="请补充材料")
    planned.refresh_from_db()
    assert planned.roll is None
    before = census(planned)["expected"]
    make_member(planned.branch)
    assert census(planned)["expected"] == before + 1
    assert planned.phase == Phase.PREPARE


def test_a_member_added_after_the_request_does_not_sign_in_unconfirmed(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    newcomer = make_member(voting.branch, name="新来人")
    with pytest.raises(ValidationError, match="名册"):
        attendance_set(
            actor=users["secretary"], renewal=voting, kind="members", member=newcomer, present=True
        )
    assert len(formal_candidates(voting)) >= 1


def test_where_the_profile_says_so_the_meeting_votes_too(client, users, voting):
    """R4: an exclusion needs the superior's approval "and the meeting's vote" where the profile
    asks for it: approved alone, the member still counts in E."""
    Renewal.objects.filter(pk=voting.pk).update(
        rules={**voting.rules, "exclusion_meeting_vote": True}
    )
    voting.refresh_from_db()
    demo.prepare_meeting(voting, actor=users["secretary"])
    before = census(voting)["expected"]
    member = _not_a_candidate(voting)
    exclusion = exclusion_add(
        actor=users["secretary"], renewal=voting, member=member, reason="illness"
    )
    exclusion_decide(actor=users["approver"], exclusion=exclusion, approve=True)
    assert census(voting)["expected"] == before
    assert census(voting)["awaiting_vote"] == [exclusion]

    client.force_login(users["secretary"])
    day = client.get(reverse("elections:meeting_day", args=[voting.pk, "members"]))
    assert reverse("elections:exclusions_vote", args=[voting.pk]) in day.content.decode()
    demo.attend(voting, actor=users["secretary"])
    present = figures(meeting_of(voting)).present
    with pytest.raises(ValidationError, match="半数"):
        exclusions_meeting_vote(actor=users["secretary"], renewal=voting, agree=present // 2)
    # Refused: the page comes back with the number as typed and the reason beside it.
    short = client.post(
        reverse("elections:exclusions_vote", args=[voting.pk]), {"agree": present // 2}
    )
    assert short.status_code == 200
    form = short.context["exclusion_vote_form"]
    assert form.data["agree"] == str(present // 2)
    assert "半数" in str(form.errors)
    assert f'value="{present // 2}"' in short.content.decode()
    response = client.post(
        reverse("elections:exclusions_vote", args=[voting.pk]), {"agree": present}
    )
    assert response.status_code == 302
    voting.refresh_from_db()
    assert census(voting)["expected"] == before - 1
    assert voting.census_log[-1]["to"] == before - 1
    assert _events(voting, "exclusions_meeting_vote")
    exclusion.refresh_from_db()
    assert exclusion.meeting_agree == present

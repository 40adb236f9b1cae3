"""Risk notes (风险研判) on the campaign board: set by the superior's staff through
campaign_risk_set (validated, audited), from the form page campaigns:risk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from branches.models import AuditEvent
from elections.models import RiskLevel
from elections.selectors.audit import ACTION_LABELS
from elections.services.campaign_risk import campaign_risk_set
from tests.campaign_helpers import make_campaign, place
from tests.congress_helpers import add_superior

TODAY = timezone.localdate()


@pytest.fixture
def world(tree, users):
    """机关党委's campaign over B1 and B2; 区委's approver (users["superior"]) judges the risks."""
    add_superior(tree, users)
    campaign = make_campaign(tree["a"], start=TODAY, end=TODAY + timedelta(days=60))
    return {
        "campaign": campaign,
        "b1": place(campaign, tree["b1"]),
        "b2": place(campaign, tree["b2"], included=False, reason="已于去年换届"),
        "users": users,
    }


def events():
    return AuditEvent.objects.filter(action="campaign_risk_set")


def test_the_superior_sets_a_level_and_a_note(world):
    entry = campaign_risk_set(
        actor=world["users"]["superior"], entry=world["b1"], level=RiskLevel.THREE,
        note="  班子成员不团结，候选人人选有争议  ",
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.risk_level, entry.risk_note) == ("3", "班子成员不团结，候选人人选有争议")
    event = events().get()
    assert event.target_id == str(entry.pk)
    assert event.organisation == entry.branch
    assert "三类" in event.summary
    assert "第一党支部" in event.summary
    assert event.changes["risk_level"] == ["", "3"]
    assert ACTION_LABELS["campaign_risk_set"] == "风险研判"
    # Saving the same again changes nothing and records nothing.
    campaign_risk_set(
        actor=world["users"]["superior"], entry=entry, level="3", note=entry.risk_note
    )
    assert events().count() == 1
    # Cleared: no level and no note.
    campaign_risk_set(actor=world["users"]["superior"], entry=entry, level="", note="")
    entry.refresh_from_db()
    assert (entry.risk_level, entry.risk_note, events().count()) == ("", "", 2)


@pytest.mark.parametrize(
    ("level", "note", "field"),
    [
        ("2", "", "note"),
        ("3", "   ", "note"),
        ("", "有风险", "level"),
        ("9", "x", "level"),
        ("1", "长" * 1001, "note"),
    ],
)
def test_refused_risk_notes(world, level, note, field):
    with pytest.raises(ValidationError) as refused:
        campaign_risk_set(
            actor=world["users"]["superior"], entry=world["b1"], level=level, note=note
        )
    assert field in refused.value.message_dict
    world["b1"].refresh_from_db()
    assert world["b1"].risk_level == ""
    assert not events().exists()


def test_a_level_one_needs_no_note(world):
    campaign_risk_set(actor=world["users"]["superior"], entry=world["b1"], level="1", note="")
    assert events().count() == 1


@pytest.mark.parametrize("role", ["viewer", "secretary", "outsider"])
def test_only_those_who_run_the_campaign_may_set_it(world, role):
    with pytest.raises(PermissionDenied):
        campaign_risk_set(actor=world["users"][role], entry=world["b1"], level="1", note="")
    assert not events().exists()


def test_a_branch_left_out_is_not_judged(world, client):
    with pytest.raises(ValidationError):
        campaign_risk_set(actor=world["users"]["admin"], entry=world["b2"], level="1", note="")
    client.force_login(world["users"]["admin"])
    url = reverse("campaigns:risk", args=[world["campaign"].pk, world["b2"].pk])
    assert client.get(url).status_code == 404


def test_the_form_page(world, client):
    client.force_login(world["users"]["superior"])
    campaign, entry = world["campaign"], world["b1"]
    url = reverse("campaigns:risk", args=[campaign.pk, entry.pk])
    page = client.get(url).content.decode()
    assert "风险研判" in page
    assert "第一党支部" in page
    assert "二类（有一定风险）" in page
    refused = client.post(url, {"level": "2", "note": ""})
    assert refused.status_code == 200
    assert "二类、三类须写明研判说明" in refused.content.decode()
    assert not events().exists()
    done = client.post(url, {"level": "2", "note": "书记即将退休，接替人选未定"})
    assert done.status_code == 302
    assert done["Location"] == f"{reverse('campaigns:board', args=[campaign.pk])}#entry-{entry.pk}"
    board = client.get(done["Location"]).content.decode()
    assert "二类（有一定风险）" in board
    assert "书记即将退休，接替人选未定" in board
    assert f'href="{url}"' in board  # the superior has the link to the form


def test_who_sees_the_link_to_the_form(world, client):
    client.force_login(world["users"]["viewer"])
    board = client.get(reverse("campaigns:board", args=[world["campaign"].pk])).content.decode()
    assert reverse("campaigns:risk", args=[world["campaign"].pk, world["b1"].pk]) not in board

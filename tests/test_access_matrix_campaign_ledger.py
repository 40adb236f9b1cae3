"""The campaign ledger and statistics × every role (tests/test_access_matrix.py counts them as
covered through matrix_helpers.OWN_MATRIX_VIEWS). Seeing a campaign needs VIEW on its
organisation (机关党委): its staff, approver and viewer, and the superuser; everyone else gets a
404 that changes nothing; anonymous requests go to the login page."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from elections.models import Phase
from members.models import ExportJob
from tests.campaign_ledger_helpers import (
    LEDGER_VIEWS,
    elected_branch,
    include,
    make_campaign,
    renewal_at,
)
from tests.matrix_helpers import snapshot

pytestmark = pytest.mark.django_db
ROLES = ["staff", "secretary", "approver", "viewer", "outsider", "norole", "admin"]
ALLOWED = {"staff", "approver", "viewer", "admin"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(tree, users):
    campaign = make_campaign(tree["a"], targets={"women": 30})
    elected_branch(campaign, tree["a"], "M1", secretary_born=date(1990, 1, 1), women=2)
    include(campaign, tree["b1"], renewal_at(tree["b1"], Phase.PREPARE, [date(2026, 3, 20)]))
    return {"campaign": campaign, "users": users}


def _url(name: str, world) -> str:
    return reverse(name, args=[world["campaign"].pk])


def test_the_module_covers_the_ledger_views():
    assert {"campaigns:ledger", "campaigns:statistics"} == LEDGER_VIEWS


@pytest.mark.parametrize("role", ROLES)
def test_the_ledger(client, world, role):
    client.force_login(world["users"][role])
    state = snapshot()
    response = client.get(_url("campaigns:ledger", world))
    if role in ALLOWED:
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        assert response.content.startswith(b"PK\x03\x04")
        assert "attachment" in response["Content-Disposition"]
    else:
        assert response.status_code == 404, f"{role}: {response.status_code}"
    assert snapshot() == state


@pytest.mark.parametrize("role", ROLES)
def test_the_ledger_as_a_job(client, world, role):
    client.force_login(world["users"][role])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("campaigns:ledger", world))
    if role in ALLOWED:
        job = ExportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == job.get_absolute_url()
        assert job.created_by == world["users"][role]
        job.refresh_from_db()
        assert job.ready
    else:
        assert response.status_code == 404, f"{role}: {response.status_code}"
        assert not ExportJob.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_statistics(client, world, role):
    client.force_login(world["users"][role])
    response = client.get(_url("campaigns:statistics", world))
    if role in ALLOWED:
        assert response.status_code == 200
        assert "女性委员占比" in html.unescape(response.content.decode())
    else:
        assert response.status_code == 404, f"{role}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(LEDGER_VIEWS))
def test_anonymous_is_sent_to_login_and_changes_nothing(client, world, name):
    state = snapshot()
    for method in (client.get, client.post):
        response = method(_url(name, world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == state


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["staff"])
    assert client.post(_url("campaigns:ledger", world)).status_code == 403
    assert not ExportJob.objects.exists()

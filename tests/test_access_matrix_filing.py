"""The access matrix of the filing views and the campaign report (counted as covered by
tests/test_access_matrix.py through matrix_helpers.OWN_MATRIX_VIEWS): every role × every view.

A filing is seen by whoever sees its filer (机关党委 and the levels above) and acknowledged by the
approvers of the level above (区委's); the branch's secretary, another committee's staff and a
user without a role get 404, as for any object out of sight. The campaign report is for whoever
sees the campaign's organisation."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from elections.models import Filing, FilingDocument, FilingDocumentKind, Renewal
from tests.filing_helpers import district_approver, make_campaign
from tests.matrix_filing import FILING_VIEWS
from tests.matrix_helpers import File, Page, Redirect, check, snapshot

pytestmark = pytest.mark.django_db

ROLES = ["staff", "secretary", "approver", "district", "viewer", "outsider", "norole", "admin"]
EVERYONE = set(ROLES)
SEE_A = {"staff", "approver", "district", "viewer", "admin"}
ABOVE_A = {"district", "admin"}
PDF = "application/pdf"
PROFILE = b"%PDF-1.4 profile"


def _filing_page(w: dict) -> str:
    return w["filing"].get_absolute_url()


# (url name, args builder, roles allowed, what they get; everybody else gets 404)
CASES = [
    ("filings:list", lambda w: [], EVERYONE, Page("换届结果备案")),
    ("filings:detail", lambda w: [w["filing"].pk], SEE_A, Page("第一党支部 · 备案", ("备案材料",))),
    (
        "filings:document",
        lambda w: [w["filing"].pk, w["doc"].pk],
        SEE_A,
        File(PDF, PROFILE, sha256=lambda w: w["doc"].sha256),
    ),
    ("campaigns:report", lambda w: [w["campaign"].pk], SEE_A, File(PDF, b"%PDF")),
]
POST_CASES = [
    ("filings:acknowledge", lambda w: [w["filing"].pk], ABOVE_A, Redirect(_filing_page)),
]


@pytest.fixture
def world(tree, users):
    """B1's approved renewal filed by 机关党委 with 区委 (as rows), a profile in it; a campaign of
    机关党委 over B1."""
    users = {**users, "district": district_approver(tree)}
    renewal = Renewal.objects.create(branch=tree["b1"], phase="archive")
    filing = Filing.objects.create(renewal=renewal, filed_by=tree["a"], filed_to=tree["root"])
    doc = FilingDocument(
        filing=filing,
        kind=FilingDocumentKind.PROFILE,
        title="张三同志基本情况（书记）",
        sha256=hashlib.sha256(PROFILE).hexdigest(),
    )
    doc.file.save("matrix-profile.pdf", ContentFile(PROFILE), save=False)
    doc.save()
    campaign = make_campaign(tree["a"], [tree["b1"]], starts_on=timezone.localdate())
    return {**tree, "users": users, "filing": filing, "doc": doc, "campaign": campaign}


def test_the_rows_cover_the_filing_views():
    assert {row[0] for row in CASES + POST_CASES} == FILING_VIEWS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed", "expect"), CASES)
def test_role_view_matrix(client, world, role, name, args, allowed, expect):
    client.force_login(world["users"][role])
    response = client.get(reverse(name, args=args(world)))
    if role in allowed:
        check(response, expect, world)
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "allowed", "expect"), POST_CASES)
def test_role_post_view_matrix(client, world, role, name, args, allowed, expect):
    client.force_login(world["users"][role])
    state = snapshot()
    response = client.post(reverse(name, args=args(world)), {"note": ""})
    filing = Filing.objects.get(pk=world["filing"].pk)
    if role in allowed:
        check(response, expect, world)
        assert filing.acknowledged_by == world["users"][role]
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"
        assert snapshot() == state


def test_a_filing_listed_only_where_it_is_seen(client, world):
    for role in ROLES:
        client.force_login(world["users"][role])
        page = client.get(reverse("filings:list")).content.decode()
        assert (world["filing"].get_absolute_url() in page) == (role in SEE_A), role


@pytest.mark.parametrize(("name", "args", "allowed", "expect"), CASES + POST_CASES)
def test_anonymous_is_sent_to_login_and_changes_nothing(client, world, name, args, allowed, expect):
    state = snapshot()
    for method in (client.get, client.post):
        response = method(reverse(name, args=args(world)))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == state


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["district"])
    response = client.post(reverse("filings:acknowledge", args=[world["filing"].pk]))
    assert response.status_code == 403
    assert not Filing.objects.get(pk=world["filing"].pk).acknowledged

"""The access matrix of the export pages (tests/test_access_matrix.py covers the other views and
counts these as covered through matrix_helpers.EXPORT_VIEWS): every role × every view. An export
is its creator's alone: anyone else gets 404, as for an object out of sight."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from members.exports import export_job_run, export_start
from members.models import ExportJob
from members.roster import ROSTER
from tests.matrix_helpers import EXPORT_VIEWS, File, Json, Page, Redirect, check, snapshot

pytestmark = pytest.mark.django_db

ROLES = ["staff", "secretary", "approver", "viewer", "outsider", "norole", "admin"]
EVERYONE = set(ROLES)
CREATOR = {"staff"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _newest(world) -> str:
    return ExportJob.objects.order_by("-pk").first().get_absolute_url()


# (url name, args builder, roles allowed, what they get; everybody else gets 404)
CASES = [
    (
        "members:member_export",
        lambda w: [],
        EVERYONE,
        Redirect(lambda w: reverse("members:member_list")),
    ),
    ("members:export_list", lambda w: [], EVERYONE, Page("我的导出")),
    ("members:export_detail", lambda w: [w["job"].pk], CREATOR, Page("导出", ("下载",))),
    ("members:export_status", lambda w: [w["job"].pk], CREATOR, Json(("status", "percent"))),
    (
        "members:export_download",
        lambda w: [w["job"].pk],
        CREATOR,
        File(XLSX, b"PK\x03\x04", attachment=True),
    ),
]
POST_CASES = [("members:member_export", lambda w: [], EVERYONE, Redirect(_newest))]


@pytest.fixture
def world(tree, users):
    job = export_start(kind=ROSTER, actor=users["staff"], organisation=tree["b1"], parameters={})
    job = export_job_run(job.pk)
    assert job.ready
    return {**tree, "users": users, "job": job}


def test_the_rows_cover_the_export_views():
    assert {row[0] for row in CASES + POST_CASES} == EXPORT_VIEWS


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
    before = ExportJob.objects.count()
    response = client.post(reverse(name, args=args(world)))
    if role in allowed:
        check(response, expect, world)
        assert ExportJob.objects.count() == before + 1
        assert ExportJob.objects.order_by("-pk").first().created_by == world["users"][role]
    else:
        assert response.status_code == 404, f"{role} → {name}: {response.status_code}"


@pytest.mark.parametrize(("name", "args", "allowed", "expect"), CASES + POST_CASES)
def test_anonymous_is_sent_to_login_and_changes_nothing(client, world, name, args, allowed, expect):
    state = snapshot()
    for method in (client.get, client.post):
        response = method(reverse(name, args=args(world)))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == state


def test_a_post_without_the_csrf_token_is_refused(users, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["staff"])
    assert client.post(reverse("members:member_export")).status_code == 403
    assert not ExportJob.objects.exists()

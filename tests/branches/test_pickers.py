"""Issue 16: organisation pickers search the server for what the user may choose, and a form's
select carries only the chosen organisation, however many there are."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from branches.models import Organisation
from tests.conftest import grow


def _pick(client, picker: str, q: str = "") -> list[str]:
    response = client.get(reverse("branches:organisation_pick", args=[picker]), {"q": q})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return [row["text"] for row in response.json()["results"]]


def test_a_picker_offers_what_the_user_may_choose(client, users, tree):
    client.force_login(users["staff"])  # staff of 机关党委
    assert _pick(client, "manage", "第一") == ["第一党支部（B1）"]
    assert _pick(client, "manage", "b2") == ["第二党支部（B2）"]  # a code by its start
    assert _pick(client, "manage", "村") == []  # 镇党委's branch: another subtree
    assert _pick(client, "manage-branch", "党总支") == []  # not a branch
    assert "党总支（G）" in _pick(client, "manage-parent")
    client.force_login(users["secretary"])  # manages nothing
    assert _pick(client, "manage") == []
    assert _pick(client, "view", "第一") == ["第一党支部（B1）"]


def test_a_picker_returns_twenty_at_most_in_a_fixed_number_of_queries(client, users, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["staff"])
    _pick(client, "manage-branch", "支部")
    with CaptureQueriesContext(connection) as few:
        assert len(_pick(client, "manage-branch", "支部")) == 2
    grow(tree, branches=40, members=0)
    with CaptureQueriesContext(connection) as many:
        assert len(_pick(client, "manage-branch", "支部")) == 20
    assert len(many) == len(few)


def test_unknown_picker_is_not_found_and_strangers_sign_in_first(client, users):
    client.force_login(users["staff"])
    url = reverse("branches:organisation_pick", args=["everything"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(reverse("branches:organisation_pick", args=["manage"])).status_code == 302


def test_the_transfer_page_lists_no_branch_until_one_is_chosen(client, users, tree):
    grow(tree, branches=60, members=0)
    client.force_login(users["staff"])
    url = reverse("members:member_transfer", args=[tree["m1"].pk])
    page = client.get(url).content.decode()
    assert 'data-picker-url="/organisations/pick/manage-branch/"' in page
    assert "支部59" not in page
    assert "第二党支部" not in page
    # a choice outside what the user manages is refused, the form keeps what was typed
    other = tree["b3"]
    response = client.post(
        url, {"to_branch": other.pk, "transferred_on": "2026-01-05", "reason": "工作调动"}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert "工作调动" in response.content.decode()
    # a chosen branch is shown (alone) when the form comes back, and a valid one is saved
    target = Organisation.objects.get(code="B2")
    response = client.post(url, {"to_branch": target.pk, "transferred_on": "", "reason": "x"})
    body = response.content.decode()
    assert "第二党支部（B2）" in body
    assert "支部59" not in body
    response = client.post(
        url, {"to_branch": target.pk, "transferred_on": date(2026, 1, 5), "reason": "工作调动"}
    )
    assert response.status_code == 302
    tree["m1"].refresh_from_db()
    assert tree["m1"].branch == target


def test_choosing_the_members_own_branch_says_why_it_is_refused(client, users, tree):
    """The picker offers every branch the user manages, the member's own among them."""
    client.force_login(users["staff"])
    assert "第一党支部（B1）" in _pick(client, "manage-branch", "第一")
    url = reverse("members:member_transfer", args=[tree["m1"].pk])
    response = client.post(
        url, {"to_branch": tree["b1"].pk, "transferred_on": "2026-01-05", "reason": "工作调动"}
    )
    assert response.status_code == 200
    assert "转入支部与当前支部相同" in response.content.decode()
    assert "工作调动" in response.content.decode()

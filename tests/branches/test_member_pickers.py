"""Issue 16: member pickers (branches/member_pickers.py) search the server among the members a
form may name, and the form's select carries only the chosen member: every role × picker, the
search, the limit and the query count, and the three forms that use them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections.models import Exclusion
from elections.services.prepare import renewal_open
from tests.conftest import ROLE_HOLDERS, make_member

ROLES = [*ROLE_HOLDERS, "norole", "admin"]


def url(picker: str, pk: int) -> str:
    return reverse("branches:member_pick", args=[picker, pk])


def names(client, picker: str, pk: int, q: str = "") -> list[str]:
    response = client.get(url(picker, pk), {"q": q})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return [row["text"] for row in response.json()["results"]]


@pytest.fixture
def renewal(users, tree):
    make_member(tree["b1"], name="刘一")
    make_member(tree["b1"], name="陈二")  # with 张三, the three full members a renewal needs
    return renewal_open(actor=users["secretary"], branch=tree["b1"])


@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_picker(client, users, tree, renewal, role):
    """branch-manage: those who may manage the branch; electorate: those who work on the
    renewal. Everybody else gets 404, whether the object exists or not."""
    client.force_login(users[role])
    allowed = {
        ("branch-manage", "b1"): {"staff", "admin"},
        ("branch-manage", "b3"): {"outsider", "admin"},
        ("electorate", "renewal"): {"staff", "secretary", "admin"},
    }
    for (picker, key), roles in allowed.items():
        pk = renewal.pk if key == "renewal" else tree[key].pk
        response = client.get(url(picker, pk), {"q": ""})
        assert response.status_code == (200 if role in roles else 404), (picker, key)
    assert client.get(url("branch-manage", tree["a"].pk)).status_code == 404  # not a branch
    assert client.get(url("everyone", tree["b1"].pk)).status_code == 404
    assert client.get(url("electorate", 999_999)).status_code == 404


def test_strangers_sign_in_first(client, tree):
    response = client.get(url("branch-manage", tree["b1"].pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_search_by_name_and_initials_never_by_number(client, users, tree, renewal):
    b1 = tree["b1"]
    make_member(b1, name="张红雷", phone="13800001111")
    make_member(b1, name="单雄信")
    make_member(b1, name="张小红", status="probationary")
    client.force_login(users["staff"])
    assert names(client, "branch-manage", b1.pk, "红") == [
        "张小红（第一党支部）",
        "张红雷（第一党支部）",
    ]
    assert names(client, "branch-manage", b1.pk, "zhl") == ["张红雷（第一党支部）"]
    assert names(client, "branch-manage", b1.pk, "dxx") == ["单雄信（第一党支部）"]
    assert names(client, "branch-manage", b1.pk, "sxx") == ["单雄信（第一党支部）"]
    assert names(client, "branch-manage", b1.pk, "1380000") == []  # a phone is not shown here
    assert names(client, "branch-manage", b1.pk, "王五") == []  # 镇党委's member
    # a renewal names full members of its meeting only
    assert sorted(names(client, "electorate", renewal.pk, "张")) == [
        "张三（第一党支部）",
        "张红雷（第一党支部）",
    ]


def test_twenty_at_most_in_a_fixed_number_of_queries(client, users, tree, renewal):
    client.force_login(users["secretary"])
    names(client, "electorate", renewal.pk, "")
    with CaptureQueriesContext(connection) as few:
        assert len(names(client, "electorate", renewal.pk, "")) == 3
    for i in range(30):
        make_member(tree["b1"], name=f"李{i:02d}")
    with CaptureQueriesContext(connection) as many:
        found = names(client, "electorate", renewal.pk, "")
    assert len(found) == len(set(found)) == 20  # in the database's order of names
    assert len(many) == len(few)


def test_the_term_form_lists_no_member_until_one_is_chosen(client, users, tree):
    b1 = tree["b1"]
    for i in range(40):
        make_member(b1, name=f"李{i:02d}")
    client.force_login(users["staff"])
    page = client.get(reverse("branches:term_create", args=[b1.pk])).content.decode()
    assert page.count(f'data-picker-url="/organisations/pick-member/branch-manage/{b1.pk}/"') == 5
    assert "李39" not in page
    chosen = b1.members.get(name="李07")
    data = {
        "start_date": "2026-01-05",
        "planned_end": "",
        "note": "",
        "posts-TOTAL_FORMS": "5",
        "posts-INITIAL_FORMS": "0",
        "posts-0-post": "secretary",
        "posts-0-member": str(chosen.pk),
        "posts-1-post": "deputy",  # no person: the form comes back
    }
    response = client.post(reverse("branches:term_create", args=[b1.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "李07（第一党支部）" in body  # the chosen member, kept
    assert "李08" not in body
    # a member of another branch is refused
    data.update({"posts-0-member": str(tree["m3"].pk), "posts-1-post": ""})
    response = client.post(reverse("branches:term_create", args=[b1.pk]), data)
    assert "选择一个有效的选项" in response.content.decode()
    data["posts-0-member"] = str(chosen.pk)
    response = client.post(reverse("branches:term_create", args=[b1.pk]), data)
    assert response.status_code == 302
    assert b1.terms.get(actual_end=None).posts.get().member == chosen


def test_the_exclusion_form_names_the_electorate_only(client, users, tree, renewal):
    probationary = make_member(tree["b1"], name="预备党员", status="probationary")
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url(), follow=True).content.decode()
    assert f'data-picker-url="/organisations/pick-member/electorate/{renewal.pk}/"' in page
    assert f'<option value="{tree["m1"].pk}"' not in page
    add = reverse("elections:exclusion_add", args=[renewal.pk])
    for stranger in (tree["m3"], probationary):
        client.post(add, {"member": stranger.pk, "reason": "illness", "note": ""})
        assert not Exclusion.objects.filter(member=stranger).exists()
    client.post(add, {"member": tree["m1"].pk, "reason": "illness", "note": ""})
    assert Exclusion.objects.filter(renewal=renewal, member=tree["m1"]).exists()

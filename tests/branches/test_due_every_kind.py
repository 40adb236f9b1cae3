"""Issue 15: a general branch and a base committee renew too, so the due lists of the dashboard,
the home page and the organisation list watch their terms as well as the branches', with the
members of their whole subtree; their pages show their committee in office."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Post, Term, TermPost
from members.models import Member
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(tree):
    """党总支 (G, over 第二党支部) overdue by 10 days, 机关党委 (A) due in 30 days; 第二党支部 has
    three full members and a probationary one, 第一党支部 two full members."""
    today = timezone.localdate()
    for n in range(3):
        make_member(tree["b2"], name=f"二支部{n}")
    make_member(tree["b2"], name="二支部预备", status="probationary", full_member_on=None)
    for n in range(2):
        make_member(tree["b1"], name=f"一支部{n}")
    g = Term.objects.create(
        organisation=tree["g"], number=2, start_date=today - timedelta(days=1100),
        planned_end=today - timedelta(days=10),
    )  # fmt: skip
    TermPost.objects.create(term=g, post=Post.SECRETARY, person_name="总支书记甲")
    Term.objects.create(
        organisation=tree["a"], number=3, start_date=today - timedelta(days=1800),
        planned_end=today + timedelta(days=30),
    )  # fmt: skip
    return tree


def test_the_dashboard_lists_general_branches_and_committees(client, users, due):
    client.force_login(users["staff"])
    response = client.get(reverse("elections_dashboard:dashboard"))
    overdue, soon = response.context["due_sections"]
    assert "G" in [o.code for o in overdue["rows"]]
    assert overdue["count"] == len(overdue["rows"])
    assert "A" in [o.code for o in soon["rows"]]
    [g] = [o for o in overdue["rows"] if o.code == "G"]
    # The general branch's meeting counts every full member of its subtree (第二党支部's).
    assert (
        g.full_count
        == Member.objects.filter(branch__path__startswith=due["g"].path, status="full").count()
    )
    assert g.full_count >= 3
    [a] = [o for o in soon["rows"] if o.code == "A"]
    assert (
        a.full_count
        == Member.objects.filter(branch__path__startswith=due["a"].path, status="full").count()
    )


def test_the_home_page_and_the_list_filter_count_them(client, users, due):
    client.force_login(users["staff"])
    home = client.get(reverse("home"))
    codes = [o.code for o in home.context["due_list"]]
    assert {"G", "A"} <= set(codes)
    assert home.context["overdue_count"] == len([c for c in codes if c != "A"])
    listed = client.get(reverse("branches:organisation_list"), {"due": "overdue"})
    assert "G" in [o.code for o in listed.context["page"]]
    assert "A" not in [o.code for o in listed.context["page"]]


def test_a_general_branch_s_page_shows_its_committee_in_office(client, users, due):
    client.force_login(users["staff"])
    html = client.get(due["g"].get_absolute_url()).content.decode()
    assert "在任总支部委员会" in html
    assert "总支书记甲" in html
    assert "第2届" in html
    html = client.get(due["a"].get_absolute_url()).content.decode()
    assert "在任委员会" in html
    assert "第3届" in html

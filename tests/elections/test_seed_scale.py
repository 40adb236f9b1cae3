"""Issue 16: `seed_scale` builds a realistic tree, roster, renewals and campaign, once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from branches.models import Organisation, Term
from elections.models import Campaign, Meeting, Phase, Renewal
from elections.scale import PASSWORD, ROOT_CODE
from members.models import Member, MemberNameKey
from tests.conftest import make_member, make_org


def _seed(capsys, **options) -> str:
    call_command("seed_scale", organisations=300, members=3000, renewals=80, **options)
    return capsys.readouterr().out


def test_seed_scale_builds_a_province_once(db, capsys, client):
    out = _seed(capsys)
    assert "members: 3,000 行" in out
    assert "完成" in out
    root = Organisation.objects.get(code=ROOT_CODE)
    tree = Organisation.objects.subtree_of(root)
    assert tree.count() == 300
    depths = dict(tree.values_list("depth").annotate(n=Count("pk")))
    assert sorted(depths) == [0, 1, 2, 3, 4]
    assert depths[0] == 1
    # every path names its parent's path, every organisation has one open term
    for org in tree.exclude(parent=None).select_related("parent")[:50]:
        assert org.path == f"{org.parent.path}{org.pk}/"
    assert Term.objects.filter(organisation__in=tree, actual_end=None).count() == 300
    assert set(tree.values_list("kind", flat=True)) == {"committee", "general_branch", "branch"}
    members = Member.objects.filter(branch__path__startswith=root.path)
    assert members.count() == 3000
    assert not members.exclude(branch__kind="branch").exists()
    statuses = dict(members.values_list("status").annotate(n=Count("pk")))
    assert statuses["full"] > 2700
    assert statuses["probationary"] > 30
    # every member has a search key, and the new rows' ids follow the copied ones
    keyed = MemberNameKey.objects.filter(member__in=members).values("member").distinct()
    assert keyed.count() == 3000
    # the database's next ids follow the copied rows
    branch = tree.filter(kind="branch").first()
    assert make_member(branch, name="新党员").pk > members.exclude(name="新党员").latest("pk").pk
    assert make_org("NEW", "branch", branch.parent).pk > root.pk
    renewals = Renewal.objects.filter(branch__path__startswith=root.path)
    assert renewals.count() == 80
    phases = {p for p in Phase if p != Phase.CANCELLED}
    assert set(renewals.values_list("phase", flat=True)) == phases
    voted = renewals.filter(phase__in=[Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE])
    assert Meeting.objects.filter(renewal__in=voted, kind="members").count() == voted.count()
    campaign = Campaign.objects.get(organisation__path__startswith=root.path)
    assert campaign.launched_at is not None
    # the accounts log in and see their pages
    user = get_user_model().objects.get(username="scale_county")
    assert user.check_password(PASSWORD)
    client.force_login(user)
    assert client.get(reverse("members:member_list"), {"q": "z"}).status_code == 200
    assert client.get(campaign.get_absolute_url()).status_code == 200
    # a second run changes nothing
    assert "已存在" in _seed(capsys)
    assert Member.objects.count() == 3001
    assert Organisation.objects.count() == 301

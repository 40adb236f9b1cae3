"""The secretaries' profiles (一人一档) a filing holds: one page per person, with what the members'
register knows of them, their election and the posts they held before; and the filing queue and
list in a fixed number of queries whatever the number of filings."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import Organisation, Post, TermPost
from elections import domain
from elections.models import Body, Filing, FilingDocumentKind, Renewal
from elections.selectors.dashboard import FILING, inbox_for
from elections.services.approve import renewal_approve_result
from members.models import Member
from tests.conftest import count_queries, grow
from tests.filing_helpers import district_approver, voted
from tests.pdf_text import pdftotext


def test_the_profile_is_one_page_on_the_person_their_election_and_past_posts(
    users, tree, big_branch
):
    renewal = voted(users["secretary"], users["approver"], big_branch)
    elected = renewal.elected.get(body=Body.SECRETARY)
    Member.objects.filter(pk=elected.member_id).update(
        gender="female", education="bachelor", birth_date=date(1985, 3, 2), ethnicity="回族"
    )
    past_term = big_branch.terms.get(number=2)
    TermPost.objects.create(
        term=past_term, post=Post.ORGANISATION, member_id=elected.member_id, person_name="x"
    )
    renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    doc = renewal.filing.documents.filter(kind=FilingDocumentKind.PROFILE).first()
    with doc.stored.open("rb") as fh:
        text = pdftotext(fh.read())
    assert text.count("\f") == 1  # one page
    member = Member.objects.get(pk=elected.member_id)
    today = timezone.localdate()
    age = domain.whole_years(since=member.birth_date, on=today)
    party_age = domain.party_age_years(full_member_since=member.full_member_on, on=today)
    past_term.refresh_from_db()
    end = past_term.actual_end or past_term.planned_end
    flat = text.replace("\n", "").replace(" ", "")
    for piece in (
        f"{elected.name}同志基本情况",
        "一人一档",
        "女",
        "回族",
        "大学本科",
        f"1985.03（{age}岁）",
        f"{party_age}年",
        f"{member.joined_on:%Y.%m}",
        "中共第一党支部书记",
        "党员大会当选支部委员会委员，得赞成票",
        "支部委员会第一次全体会议当选书记，得赞成票",
        f"经中共机关党委于{today.year}年{today.month}月{today.day}日批复同意",
        f"{past_term.start_date:%Y.%m}—{end:%Y.%m}第一党支部第2届委员会组织委员",
        "照片",
        "报送单位：中共机关党委",
    ):
        assert piece in flat, piece


def _filings(tree, n: int) -> None:
    """`n` approved renewals of new branches under 机关党委, filed with 区委 (rows only)."""
    grow(tree, branches=n, members=0)
    branches = Organisation.objects.filter(code__startswith="N", renewals__isnull=True)
    renewals = Renewal.objects.bulk_create(Renewal(branch=b, phase="archive") for b in branches)
    Filing.objects.bulk_create(
        Filing(renewal=r, filed_by=tree["a"], filed_to=tree["root"]) for r in renewals
    )


def _queries(user_pk: int, call) -> int:
    user = get_user_model().objects.get(pk=user_pk)  # no roles cached from an earlier count
    cache.clear()  # nor figures (branches.cached)
    with CaptureQueriesContext(connection) as ctx:
        call(user)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_queue_and_the_list_take_the_same_queries_for_2_and_40_filings(client, tree):
    district = district_approver(tree)
    client.force_login(district)
    counts = []
    for n in (2, 38):
        _filings(tree, n)
        inbox = _queries(district.pk, inbox_for)
        dashboard = count_queries(client, reverse("elections_dashboard:dashboard"))
        listed = count_queries(client, reverse("filings:list"))
        received = count_queries(client, reverse("filings:list") + "?received=on&state=pending")
        counts.append((inbox, dashboard, listed, received))
    assert counts[0] == counts[1]
    assert inbox_for(district).counts[FILING] == 40

"""The congress page through the test client: the allotment typed, refused and approved; the
credentials check and the sign-in; a fixed number of queries whatever the number of delegates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from elections.models import Congress, Credential, Delegate
from tests.conftest import count_queries
from tests.congress_helpers import committee_renewal, elect_delegates, unit_of


@pytest.fixture
def renewal(tree, users):
    return committee_renewal(tree, users)


def test_allot_refused_keeps_what_was_typed_then_approved(client, renewal, users):
    client.force_login(users["staff"])
    url = reverse("elections:congress_allot", args=[renewal.pk])
    response = client.post(url, {"total": "3", "minimum": "2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "至少需要4名" in page
    assert 'value="3"' in page
    assert not Congress.objects.exists()
    response = client.post(url, {"total": "10", "minimum": "2"})
    assert response.status_code == 302
    unit = unit_of(renewal, "B1")
    response = client.post(
        reverse("elections:unit_seats_change", args=[renewal.pk, unit.pk]),
        {"seats": "5", "reason": ""},
    )
    assert response.status_code == 200
    assert unit_of(renewal, "B1").seats == 6
    client.force_login(users["approver"])
    page = client.get(reverse("elections:congress_page", args=[renewal.pk])).content.decode()
    assert "批准代表名额分配" in page
    assert "第一党支部" in page
    client.post(reverse("elections:congress_approve", args=[renewal.pk]))
    assert Congress.objects.get().approved_by == users["approver"]


def test_credentials_and_sign_in_through_the_page(client, renewal, users):
    elect_delegates(renewal, users)
    client.force_login(users["staff"])
    first = Delegate.objects.get(name="支部00")
    url = reverse("elections:delegate_check", args=[renewal.pk, first.pk])
    response = client.post(url, {"confirmed": "0", "reason": ""})
    assert "须写明理由" in response.content.decode()
    for delegate in Delegate.objects.all():
        client.post(
            reverse("elections:delegate_check", args=[renewal.pk, delegate.pk]),
            {"confirmed": "1"},
        )
    assert set(Delegate.objects.values_list("credential", flat=True)) == {Credential.CONFIRMED}
    chosen = list(Delegate.objects.values_list("pk", flat=True))[:9]
    client.post(reverse("elections:congress_sign_in", args=[renewal.pk]), {"delegates": chosen})
    page = client.get(reverse("elections:congress_page", args=[renewal.pk])).content.decode()
    assert "应到代表 10 名，实到 9 名" in page
    assert "可以进行选举" in page


def test_page_queries_do_not_grow_with_delegates(client, renewal, users):
    elect_delegates(renewal, users)
    client.force_login(users["staff"])
    url = reverse("elections:congress_page", args=[renewal.pk])
    few = count_queries(client, url)
    Delegate.objects.filter(name="支部00").delete()
    assert count_queries(client, url) == few

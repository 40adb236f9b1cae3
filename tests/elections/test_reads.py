"""Reads do not write: opening any page of any demo renewal creates, changes or deletes no row."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from elections.models import DocumentKind, Renewal, Round


def _counts() -> dict[str, int]:
    # The job queue's tables are not Django's (unmanaged) and exist on PostgreSQL only.
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed
    }


def _pages(renewal: Renewal) -> list[str]:
    pk = renewal.pk
    urls = [reverse("elections:renewal_detail", args=[pk])]
    urls += [
        reverse("elections:document_preview", args=[pk, kind])
        for kind in DocumentKind.values
        if kind != DocumentKind.TALLY
    ]
    for kind in ("members", "plenary"):
        urls.append(reverse("elections:meeting_day", args=[pk, kind]))
    urls += [
        reverse("elections:first_ballots", args=[pk]),
        reverse("elections:attendance_register", args=[pk]),
        reverse("elections:count_export", args=[pk]),
        reverse("elections:archive_download", args=[pk]),
    ]
    for round_ in Round.objects.filter(meeting__renewal=renewal):
        urls.append(reverse("elections:round_detail", args=[pk, round_.pk]))
        urls.append(reverse("elections:round_ballots", args=[pk, round_.pk]))
    return urls


@pytest.mark.django_db
def test_get_of_every_renewal_page_in_the_demo_creates_no_row(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    client.force_login(get_user_model().objects.get(username="admin"))
    renewals = list(Renewal.objects.order_by("pk"))
    assert {r.phase for r in renewals} >= {"prepare", "vote", "approve", "archive"}
    urls = [reverse("elections:renewal_list"), reverse("elections_dashboard:dashboard")]
    for renewal in renewals:
        urls += _pages(renewal)
    before = _counts()
    statuses = {url: client.get(url).status_code for url in urls}
    assert _counts() == before
    # The pages were really served (a missing meeting or an unsealed archive is a 404, not a 500).
    assert set(statuses.values()) <= {200, 302, 404}
    assert sum(1 for s in statuses.values() if s == 200) > len(renewals) * 3

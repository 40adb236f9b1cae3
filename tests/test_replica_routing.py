"""Issue 16: with DATABASE_REPLICA_URL, the dashboard, campaign boards and statistics and the
exports read from the replica; writes, reads inside a transaction and migrations stay on the
primary."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from config import routers
from config.routers import REPLICA, ReplicaReads, read_alias, replica_reads
from tests.settings_helpers import settings_with


@pytest.fixture
def with_replica(monkeypatch):
    """The router as it runs when a replica is configured (in tests the alias would mirror the
    primary: what is checked here is where the router sends each read)."""
    monkeypatch.setitem(settings.DATABASES, REPLICA, dict(settings.DATABASES["default"]))


def test_reads_go_to_the_replica_only_inside_replica_reads(transactional_db, with_replica):
    assert read_alias() == "default"
    with replica_reads():
        assert read_alias() == REPLICA
        assert ReplicaReads().db_for_read(None) == REPLICA
        assert ReplicaReads().db_for_write(None) == "default"
        with transaction.atomic():  # a service's transaction reads what it writes
            assert read_alias() == "default"
        assert read_alias() == REPLICA
    assert read_alias() == "default"


def test_without_a_replica_everything_is_the_primary(db):
    assert REPLICA not in settings.DATABASES
    with replica_reads():
        assert read_alias() == "default"


def test_only_the_primary_is_migrated():
    router = ReplicaReads()
    assert router.allow_migrate("default", "members") is None
    assert router.allow_migrate(REPLICA, "members") is False
    assert router.allow_relation(object(), object())


def _spy(monkeypatch, target: str) -> list[str]:
    """Record where reads go when `target` (module.function) is called."""
    seen: list[str] = []
    module_name, name = target.rsplit(".", 1)
    module = __import__(module_name, fromlist=[name])
    original = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(read_alias())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_the_dashboard_reads_from_the_replica(
    transactional_db, client, users, with_replica, monkeypatch
):
    seen = _spy(monkeypatch, "elections.views.dashboard.dashboard_for")
    client.force_login(users["staff"])
    assert client.get(reverse("elections_dashboard:dashboard")).status_code == 200
    assert seen == [REPLICA]
    seen.clear()
    assert client.get(reverse("home")).status_code == 200  # not a marked page
    assert seen == []


def test_an_export_reads_its_rows_from_the_replica(
    transactional_db, users, with_replica, monkeypatch
):
    from members.exports import export_job_run
    from members.models import ExportJob
    from members.roster import ROSTER

    seen = _spy(monkeypatch, "members.roster.filtered_members")
    job = ExportJob.objects.create(kind=ROSTER, created_by=users["staff"])
    assert export_job_run(job.pk).status == "done"
    assert seen == [REPLICA]


def test_campaign_pages_are_marked():
    from elections.views import campaign_board, campaign_stats

    for view in (campaign_board.campaign_board, campaign_stats.campaign_stats):
        assert view.__code__ is routers.reads_from_replica(lambda: None).__code__


def test_the_setting_adds_the_replica_and_its_router():
    port, test, routers_ = settings_with(
        "[settings.DATABASES['replica']['PORT'], settings.DATABASES['replica']['TEST'], "
        "settings.DATABASE_ROUTERS]",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/huanjie",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5433/huanjie",
    )
    assert port == 5433
    assert test == {"MIRROR": "default"}
    assert routers_[-1] == "config.routers.ReplicaReads"

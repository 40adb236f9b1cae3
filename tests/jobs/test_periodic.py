"""Issue 13, item 2: the periodic jobs — each a plain function tested here on any database — and
their schedule, which the Procrastinate workers follow on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from branches.tasks import clear_expired_sessions
from config import queue
from members.models import ImportJob, ImportStatus
from members.tasks import purge_import_files

pytestmark = pytest.mark.django_db


def test_the_periodic_schedule_is_registered():
    schedule = {name: p.cron for name, p in queue.periodic_tasks().items()}
    assert schedule == {
        "jobs.retry_stalled": "* * * * *",
        # Cron runs in UTC: 02:45, 03:15 and 08:00 in Beijing.
        "sessions.clear": "45 18 * * *",
        "members.purge_import_files": "15 19 * * *",
        "elections.reminders": "0 0 * * *",
        "elections.campaign_reminders": "30 0 * * *",
    }
    # The worker defers them under these names (what `procrastinate` lists and runs).
    for name in schedule:
        assert queue.app.tasks[name].name == name


def test_expired_sessions_are_cleared():
    live, old = SessionStore(), SessionStore()
    live.create()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    clear_expired_sessions()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def _job(tree, days_ago: int, status: str) -> ImportJob:
    job = ImportJob(organisation=tree["b1"], original_name="x.xlsx", status=status)
    job.file.save("x.xlsx", ContentFile(b"sheet with ID numbers"), save=False)
    job.created_at = timezone.now() - timedelta(days=days_ago)
    job.save()
    return job


def test_uploaded_import_files_are_purged_after_n_days(tree):
    old = _job(tree, 31, ImportStatus.DONE)
    old_rejected = _job(tree, 40, ImportStatus.REJECTED)
    recent = _job(tree, 29, ImportStatus.DONE)
    running = _job(tree, 31, ImportStatus.RUNNING)  # still being read: kept
    old_name = old.file.name
    assert purge_import_files(days=30) == 2
    for job in (old, old_rejected, recent, running):
        job.refresh_from_db()
    assert old.file.name == old_rejected.file.name == ""
    assert not default_storage.exists(old_name)
    assert old.status == ImportStatus.DONE  # the record of the import stays
    assert default_storage.exists(recent.file.name)
    assert default_storage.exists(running.file.name)
    assert purge_import_files(days=30) == 0


def test_the_purge_job_reads_its_setting(tree, settings):
    job = _job(tree, 3, ImportStatus.DONE)
    settings.IMPORT_FILES_KEEP_DAYS = 2
    queue.periodic_tasks()["members.purge_import_files"].task.func(timestamp=0)
    job.refresh_from_db()
    assert job.file.name == ""


def test_run_periodic_jobs_runs_each_once(tree):
    out = StringIO()
    call_command("run_periodic_jobs", stdout=out)
    assert out.getvalue().splitlines() == [
        "elections.campaign_reminders: ok",
        "elections.reminders: ok",
        "jobs.retry_stalled: ok",
        "members.purge_import_files: ok",
        "sessions.clear: ok",
    ]


def test_the_tasks_modules_use_the_one_door():
    """Only config.queue imports Procrastinate."""
    for module in ("branches.tasks", "members.tasks", "members.jobs", "elections.tasks"):
        source = import_module(module).__file__
        with open(source, encoding="utf-8") as handle:
            assert "procrastinate" not in handle.read(), module


def test_make_run_starts_a_worker_only_when_jobs_use_the_queue(settings):
    from branches.management.commands.run_dev import worker_command

    for backend in ("thread", "inline"):
        settings.JOBS_BACKEND = backend
        assert worker_command() is None
    settings.JOBS_BACKEND = "queue"
    assert worker_command()[1:] == [
        str(settings.BASE_DIR / "manage.py"),
        "run_worker",
        "--concurrency",
        "1",
    ]

"""Issue 13, item 2, on PostgreSQL with a real worker process (`manage.py run_worker`): jobs
deferred in a committed transaction run on the worker, failed mail is retried with backoff, the
health check sees the worker's heartbeat, and a worker killed mid-import leaves nothing half
applied and its import marked failed within seconds."""

from __future__ import annotations

import os
import signal
import time
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from config import queue
from elections.services.notifications import mail_people
from members import jobs
from members.models import ImportStatus, Member
from tests.jobs.rows import import_job
from tests.jobs.worker import STALLED_AFTER, Workers, empty_queue, sql, wait_for

pytestmark = [
    pytest.mark.skipif(
        not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the job queue needs PostgreSQL (on SQLite jobs run in the web process)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def on_queue(settings):
    settings.JOBS_BACKEND = "queue"
    settings.MEMBER_IMPORT_IN_BACKGROUND = True
    settings.JOBS_STALLED_AFTER_SECONDS = STALLED_AFTER
    empty_queue()
    yield settings
    empty_queue()


@pytest.fixture
def workers(on_queue, tmp_path):
    made: list[Workers] = []

    def make(**environment: str) -> Workers:
        made.append(Workers(tmp_path, **environment))
        return made[-1]

    yield make
    for group in made:
        group.stop_all()


def _mail_jobs() -> list[tuple]:
    return sql("SELECT status, attempts FROM procrastinate_jobs WHERE task_name = 'mail.send'")


def test_a_worker_sends_mail_and_reports_its_heartbeat(tree, users, workers, client, tmp_path):
    users["secretary"].email = "secretary@example.org"
    users["secretary"].save()
    outbox = tmp_path / "outbox"
    group = workers(EMAIL_URL=f"filemail:///{outbox}")  # an absolute path: four slashes
    assert client.get("/healthz").json()["checks"]["worker"] == "down"
    with pytest.raises(CommandError):
        call_command("check_worker")

    worker = group.start()
    assert client.get("/healthz").json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "worker": "ok"},
    }
    out = StringIO()
    call_command("check_worker", stdout=out)
    assert "1 worker(s) alive" in out.getvalue()

    mail_people([users["secretary"]], "测试通知", "正文 https://huanjie.example.org/x/")
    wait_for(lambda: outbox.exists() and list(outbox.iterdir()), timeout=60, what="the mail")
    (sent,) = list(outbox.iterdir())
    text = sent.read_text()
    assert "To: secretary@example.org" in text
    assert "https://huanjie.example.org/x/" in text
    # A job that succeeded is deleted: the queue does not grow with every mail.
    wait_for(lambda: not _mail_jobs(), timeout=30, what="the finished job to be deleted")

    worker.send_signal(signal.SIGTERM)  # a clean stop unregisters the worker
    worker.wait(timeout=30)
    health = client.get("/healthz")
    assert health.status_code == 200  # pages are still served; jobs wait for a worker
    assert health.json()["checks"]["worker"] == "down"


def test_mail_that_fails_is_retried_with_backoff(tree, users, workers):
    users["secretary"].email = "secretary@example.org"
    users["secretary"].save()
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    group = workers(EMAIL_URL="smtp://127.0.0.1:9", EMAIL_TIMEOUT="2")
    group.start()
    mail_people([users["secretary"]], "测试通知", "正文")
    # Back in the queue after its first failure, its next run 4 s later, then 16 s later.
    wait_for(lambda: _mail_jobs() == [("todo", 1)], timeout=60, what="the first retry")
    (delay,) = sql(
        "SELECT EXTRACT(EPOCH FROM scheduled_at - NOW()) FROM procrastinate_jobs "
        "WHERE task_name = 'mail.send'"
    )[0]
    assert 0 < delay <= 4
    wait_for(lambda: _mail_jobs() == [("todo", 2)], timeout=60, what="the second retry")
    assert "Connection refused" in group.log() or "ConnectionRefusedError" in group.log()


def _writing_members() -> bool:
    """Another session holds a write lock on the roster: the import's transaction is open."""
    return bool(
        sql(
            "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'members_member' AND l.mode = 'RowExclusiveLock' "
            "AND l.pid <> pg_backend_pid()"
        )
    )


@pytest.mark.parametrize("noticed_by", ["the import page", "the next worker"])
def test_a_worker_killed_mid_import_applies_nothing_and_the_import_fails_at_once(
    tree, users, workers, client, noticed_by
):
    branch = tree["b1"]
    before = Member.objects.filter(branch=branch).count()
    job = import_job(tree, users["staff"], 4000)
    jobs.import_job_start(job)  # committed: the test runs in autocommit
    group = workers()
    worker = group.start()

    wait_for(_writing_members, timeout=240, what="the import's write transaction")
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    # The child process dies with its worker: its transaction is rolled back, not finished.
    wait_for(lambda: not _writing_members(), timeout=30, what="the child's rollback")
    time.sleep(1)
    assert Member.objects.filter(branch=branch).count() == before
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING  # nobody has said otherwise yet

    time.sleep(STALLED_AFTER + 1)  # the dead worker's heartbeat is now stale
    assert queue.job_state(jobs.run_import, job_id=job.pk) == queue.LOST
    if noticed_by == "the import page":
        client.force_login(users["staff"])
        status = client.get(reverse("members:import_status", args=[job.pk])).json()
        assert status["status"] == ImportStatus.FAILED
        assert status["message"] == jobs.INTERRUPTED
    else:
        group.start()  # retries the dead worker's job at once, which marks the import failed

        def failed() -> bool:
            job.refresh_from_db()
            return job.status == ImportStatus.FAILED

        wait_for(failed, timeout=60, what="the import to be marked failed")
        assert job.message == jobs.INTERRUPTED
        wait_for(
            lambda: not sql("SELECT 1 FROM procrastinate_jobs WHERE task_name = 'members.import'"),
            timeout=30,
            what="the retried job to finish",
        )
    assert Member.objects.filter(branch=branch).count() == before


def test_an_import_runs_on_the_worker(tree, users, workers, client):
    job = import_job(tree, users["staff"], 3)
    jobs.import_job_start(job)
    client.force_login(users["staff"])
    # No worker yet: the job waits in the queue and its page keeps waiting too.
    status = client.get(reverse("members:import_status", args=[job.pk])).json()
    assert status["status"] == ImportStatus.PENDING
    assert queue.job_state(jobs.run_import, job_id=job.pk) == queue.WAITING
    workers().start()

    def done() -> bool:
        job.refresh_from_db()
        return job.finished

    wait_for(done, timeout=120, what="the import")
    assert job.status == ImportStatus.DONE, job.message
    assert Member.objects.filter(branch=tree["b1"], name__startswith="导入甲").count() == 3

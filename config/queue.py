"""The one door to background jobs: `task` declares one, `defer` asks for it to run.

Nothing else imports Procrastinate. With settings.JOBS_BACKEND:
- "queue" (PostgreSQL): `defer` writes a Procrastinate job in the caller's transaction, so a
  worker (`manage.py run_worker`, on any node) sees it once the transaction commits. Failed jobs
  are retried with exponential backoff where the task asks for it; periodic tasks are deferred by
  the workers (one job per schedule tick across all workers).
- "thread" (SQLite, `make run`): after the commit, the task runs once in a daemon thread of the
  web process; a failure is logged. Periodic tasks do not run by themselves there:
  `manage.py run_periodic_jobs` runs them all once (e.g. from cron).
- "inline" (tests): after the commit, the task runs once in the caller.

A worker killed mid-job leaves its job "doing"; `retry_stalled_jobs` (at each worker start and
every minute) puts the jobs of workers silent for JOBS_STALLED_AFTER_SECONDS back in the queue.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

log = logging.getLogger(__name__)
QUEUE, THREAD, INLINE = "queue", "thread", "inline"
# What job_state answers.
WAITING, RUNNING, LOST, FINISHED = "waiting", "running", "lost", "finished"


def task(*, name: str, attempts: int = 1, backoff: int = 0, cron: str | None = None):
    """Declare a job. `attempts` > 1 retries a failed run after backoff**1, backoff**2, ...
    seconds. `cron` (5 fields, or 6 with seconds) makes it periodic; its function then takes
    `timestamp` (the tick, in seconds since the epoch)."""
    retry: RetryStrategy | bool = (
        RetryStrategy(max_attempts=attempts - 1, exponential_wait=backoff)
        if attempts > 1
        else False
    )

    def decorate(func: Callable[..., Any]):
        declared = app.task(name=name, retry=retry, pass_context=False)(func)
        if cron:
            declared = app.periodic(cron=cron, periodic_id=name)(declared)
        return declared

    return decorate


def defer(job_task: Any, **kwargs: Any) -> None:
    """Run `job_task(**kwargs)` in the background once the caller's transaction commits."""
    backend = settings.JOBS_BACKEND
    if backend == QUEUE:
        job_task.defer(**kwargs)
        return
    run = functools.partial(run_now, job_task, kwargs)
    if backend == THREAD:
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, args=(run,)).start())
    else:
        transaction.on_commit(run)


def run_now(job_task: Any, kwargs: dict[str, Any]) -> bool:
    """Run a task's function once, here; False (and a log line) when it raised."""
    try:
        job_task.func(**kwargs)
    except Exception:
        log.exception("job %s failed", job_task.name)
        return False
    return True


def _in_thread(run: Callable[[], object]) -> None:
    try:
        run()
    finally:
        # The thread's own connection: nothing else closes it.
        connection.close()


def periodic_tasks() -> dict[str, Any]:
    """The periodic tasks by name, with their schedule (`.cron`)."""
    return {p.task.name: p for p in app.periodic_registry.periodic_tasks.values()}


def run_periodic_now() -> dict[str, bool]:
    """Run every periodic task once, here (SQLite has no worker to schedule them)."""
    now = int(timezone.now().timestamp())
    return {
        name: run_now(p.task, {"timestamp": now}) for name, p in sorted(periodic_tasks().items())
    }


def _stale_since():
    return timezone.now() - timedelta(seconds=settings.JOBS_STALLED_AFTER_SECONDS)


def live_workers() -> int:
    """Workers whose heartbeat is recent (queue backend only)."""
    return ProcrastinateWorker.objects.filter(last_heartbeat__gte=_stale_since()).count()


def retry_stalled_jobs() -> list[int]:
    """Put back in the queue the running jobs of workers that stopped beating (killed, lost)."""
    stalled = ProcrastinateJob.objects.filter(status="doing").filter(
        Q(worker__isnull=True) | Q(worker__last_heartbeat__lt=_stale_since())
    )
    ids = list(stalled.values_list("id", flat=True))
    for job_id in ids:
        log.warning("job %s was running on a worker that stopped: retried", job_id)
        app.job_manager.retry_job_by_id(job_id, retry_at=timezone.now())
    return ids


def job_state(job_task: Any, **kwargs: Any) -> str | None:
    """How the latest job of `job_task(**kwargs)` stands in the queue: WAITING, RUNNING, LOST
    (failed, cancelled, or running on a worker that stopped), FINISHED; None when there is none
    (or the backend is not the queue)."""
    if settings.JOBS_BACKEND != QUEUE:
        return None
    job = (
        ProcrastinateJob.objects.filter(task_name=job_task.name, args=kwargs)
        .select_related("worker")
        .order_by("-id")
        .first()
    )
    if job is None:
        return None
    if job.status == "todo":
        return WAITING
    if job.status == "succeeded":
        return FINISHED
    if job.status == "doing" and job.worker and job.worker.last_heartbeat >= _stale_since():
        return RUNNING
    return LOST


def run_worker(*, concurrency: int, queues: list[str] | None = None) -> None:
    """Run a Procrastinate worker until it is stopped (SIGTERM/SIGINT finish the running jobs).

    Like `manage.py procrastinate worker`, it talks to PostgreSQL through its own psycopg
    connection (LISTEN/NOTIFY: a deferred job starts at once, not at the next poll)."""
    retry_stalled_jobs()
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            queues=queues,
            concurrency=concurrency,
            update_heartbeat_interval=settings.JOBS_HEARTBEAT_SECONDS,
            stalled_worker_timeout=settings.JOBS_STALLED_AFTER_SECONDS,
            delete_jobs="successful",
        )


@task(name="jobs.retry_stalled", cron="* * * * *")
def retry_stalled(timestamp: int) -> None:
    """Every minute, on whichever worker is alive: the jobs of a dead worker run again."""
    if settings.JOBS_BACKEND == QUEUE:
        retry_stalled_jobs()

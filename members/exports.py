"""Files built in the background (roster, and any other kind that registers): `export_start`
records an ExportJob and defers `run_export` through config.queue; the job's page polls its
progress and offers the file, to its creator only, once done.

A kind registers a builder with `@export_kind("name", label)`: `builder(job, progress)` returns
`(bytes, file name)`, or `(path, file name)` for a file it wrote (a temporary file, removed once
stored: a province's roster is written as it is read, never held in memory), and calls
`progress(done, total)` as it writes rows. The builder reads its filters from `job.parameters`
and works as `job.created_by` (whose access is checked again at the run, not taken from the
request). Register in a module the worker imports (the app's `tasks`).

An export writes nothing but its file, so a job cut off (a worker killed) simply runs again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils import timezone

from config.queue import FINISHED, QUEUE, defer, job_state, task
from config.routers import replica_reads

from .models import ExportJob, ExportStatus

log = logging.getLogger(__name__)
T = TypeVar("T")
Progress = Callable[[int, int], None]
Builder = Callable[[ExportJob, Progress], tuple[bytes | Path, str]]
SYSTEM_ERROR = "导出过程中出现系统错误，未生成文件。请重新导出或联系管理员。"
INTERRUPTED = "导出未能完成（处理被中断），未生成文件。请重新导出。"
UNKNOWN_KIND = "无法识别的导出类型，未生成文件。"
UNFINISHED = [ExportStatus.PENDING, ExportStatus.RUNNING]
# Progress is saved every this many rows (one UPDATE each), and at the end.
PROGRESS_EVERY = 500
# On SQLite (a thread of the web process, lost when it restarts) an export still unfinished this
# long after it was asked for will not finish: its page stops waiting.
STALE_AFTER = timedelta(minutes=30)


class ExportRefused(Exception):
    """Raised by a builder with a message (Chinese) for the user: the export fails with it."""


@dataclass(frozen=True)
class ExportKind:
    label: str
    build: Builder


KINDS: dict[str, ExportKind] = {}


def export_kind(name: str, label: str) -> Callable[[Builder], Builder]:
    """Register `builder` as the export `name`, shown to users as `label`."""

    def register(builder: Builder) -> Builder:
        KINDS[name] = ExportKind(label=label, build=builder)
        return builder

    return register


def kind_label(name: str) -> str:
    found = KINDS.get(name)
    return found.label if found else name


def export_start(*, kind: str, actor: Any, organisation: Any, parameters: dict) -> ExportJob:
    """Record the export and run it once the caller's transaction commits."""
    job = ExportJob.objects.create(
        kind=kind, parameters=parameters, created_by=actor, organisation=organisation
    )
    defer(run_export, job_id=job.pk)
    return job


def counted(rows: Iterable[T], *, total: int, progress: Progress) -> Iterator[T]:
    """`rows` as they are written, reporting `progress` every PROGRESS_EVERY rows and at the end."""
    done = 0
    progress(0, total)
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, max(total, done))


@task(name="exports.run")
def run_export(job_id: int) -> None:
    """The background job. A job found running was cut off (a worker stopped): it runs again."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    export_job_run(job_id)


def export_job_run(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    kind = KINDS.get(job.kind)
    if kind is None or job.created_by is None:
        log.error("export %s: kind %r unknown or creator gone", job.pk, job.kind)
        _fail(job.pk, UNKNOWN_KIND if kind is None else SYSTEM_ERROR)
        return ExportJob.objects.get(pk=job.pk)
    try:
        with replica_reads():  # the rows may come from a replica; progress is written
            data, name = kind.build(job, progress)
        job.refresh_from_db(fields=["processed_rows", "total_rows"])
        if job.file:  # a run cut off after saving its file
            job.file.delete(save=False)
        stored = f"export-{job.pk}.{name.rsplit('.', 1)[-1]}"
        if isinstance(data, Path):
            try:
                with data.open("rb") as written:
                    job.file.save(stored, File(written), save=False)
            finally:
                data.unlink(missing_ok=True)
        else:
            job.file.save(stored, ContentFile(data), save=False)
    except ExportRefused as refused:
        log.warning("export %s (%s) refused: %s", job.pk, job.kind, refused)
        _fail(job.pk, str(refused))
        return ExportJob.objects.get(pk=job.pk)
    except Exception:
        log.exception("export %s (%s) failed", job.pk, job.kind)
        _fail(job.pk, SYSTEM_ERROR)
        return ExportJob.objects.get(pk=job.pk)
    job.file_name = name[:255]
    job.status = ExportStatus.DONE
    job.message = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "file_name", "status", "message", "finished_at"])
    return job


def _fail(job_id: int, message: str) -> None:
    """Mark the export failed unless it has finished meanwhile."""
    ExportJob.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=ExportStatus.FAILED, message=message, finished_at=timezone.now()
    )


def export_job_expire_stale(job: ExportJob) -> ExportJob:
    """Mark an export that can no longer finish as failed, so its page stops waiting: on the
    queue when its job is gone; otherwise (a thread of a web process) after STALE_AFTER. A job on
    a worker that stopped is put back in the queue by config.queue and runs again."""
    if job.finished:
        return job
    if settings.JOBS_BACKEND == QUEUE:
        lost = job_state(run_export, job_id=job.pk) in (FINISHED, None)
    else:
        lost = job.created_at <= timezone.now() - STALE_AFTER
    if lost:
        _fail(job.pk, INTERRUPTED)
        job.refresh_from_db()
    return job


def purge_export_files(*, days: int, now=None) -> int:
    """Delete the files of finished exports made more than `days` days ago (they hold ID
    numbers); the export's record stays, without its file. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(file="")
    old = old.exclude(status__in=UNFINISHED)
    purged = 0
    for job in old.iterator():
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        purged += 1
    if purged:
        log.info("deleted %s export files older than %s days", purged, days)
    return purged

"""Running an uploaded import: as a background job (the page polls for progress) or inline.

In the background, the job (`run_import`, deferred through config.queue: a Procrastinate worker on
PostgreSQL, a thread of the web process on SQLite) starts a child process (`manage.py
run_import_job`) with a memory and a time limit, so a hostile file the archive check lets through
costs that child and never the worker. `import_job_run_limited` is the one door for that. The
child dies with its parent (PR_SET_PDEATHSIG): a worker killed mid-import takes its child along,
whose transaction PostgreSQL rolls back, and the retried job marks the import failed.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import resource
import signal
import subprocess
import sys
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from config.queue import FINISHED, LOST, QUEUE, defer, job_state, task

from .importer import member_import
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)
# No import takes this long (10,000 rows take ~5 s); a job still unfinished was cut off, for
# example by a worker restart. Its writes were one transaction, so nothing was saved.
STALE_AFTER = timedelta(minutes=15)
SYSTEM_ERROR = "导入过程中出现系统错误，未保存任何数据。请联系管理员。"
INTERRUPTED = "导入未能完成（处理被中断），未保存任何数据。请重新上传。"
UNFINISHED = [ImportStatus.PENDING, ImportStatus.RUNNING]


def import_job_start(job: ImportJob) -> None:
    if settings.MEMBER_IMPORT_IN_BACKGROUND:
        defer(run_import, job_id=job.pk)
    else:
        import_job_run(job.pk)


@task(name="members.import")
def run_import(job_id: int) -> None:
    """The background job. A job found running was started by a worker that stopped (killed,
    restarted): its child went with it and its writes were rolled back, so it is marked failed
    rather than run again on a file that may be what killed it."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    if job.status == ImportStatus.RUNNING:
        log.warning("member import %s was interrupted", job_id)
        _fail(job_id, INTERRUPTED)
        return
    import_job_run_limited(job_id)


def _fail(job_id: int, message: str) -> None:
    """Mark the job failed unless it has finished meanwhile."""
    ImportJob.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
    )


def import_job_run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as handle:
            result = member_import(
                source=handle,
                scope=job.organisation,
                actor=job.created_by,
                dry_run=job.dry_run,
                progress=progress,
                file_size=job.file.size,
            )
    except MemoryError:  # the limit of a child process (limit_resources)
        log.warning("member import %s went over the memory limit", job.pk)
        job.status = ImportStatus.FAILED
        job.message = OVER_MEMORY
    except Exception:
        log.exception("member import %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.message = SYSTEM_ERROR
    else:
        job.total_rows = job.processed_rows = result.rows
        job.errors = [[e.row, e.column, e.message] for e in result.errors]
        job.created_count, job.updated_count = result.created, result.updated
        if not result.ok:
            job.status = ImportStatus.REJECTED
            job.message = f"发现 {len(result.errors)} 处错误，未保存任何数据。请修改后重新上传。"
        elif job.dry_run:
            job.status = ImportStatus.CHECKED
            job.message = (
                f"校验通过：共 {result.rows} 行，将新增 {result.created} 人，"
                f"更新 {result.updated} 人"
                f"（其中转入 {result.transferred} 人），未更改 {result.unchanged} 人。"
            )
        else:
            job.status = ImportStatus.DONE
            job.message = (
                f"导入完成：共 {result.rows} 行，新增 {result.created} 人，更新 {result.updated} 人"
                f"（其中转入 {result.transferred} 人），未更改 {result.unchanged} 人。"
            )
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "message",
            "total_rows",
            "processed_rows",
            "errors",
            "created_count",
            "updated_count",
            "finished_at",
        ]
    )
    return job


#: Settings the child process takes from this one rather than from the environment: the same
#: database (a test's database too), the same uploads, the same limits.
CHILD_SETTINGS = (
    "DATABASES",
    "MEDIA_ROOT",
    "STORAGES",
    "MEMBER_IMPORT_MAX_BYTES",
    "MEMBER_IMPORT_MAX_ROWS",
    "IMPORT_MAX_UNCOMPRESSED_BYTES",
    "IMPORT_MAX_SHARED_STRINGS_BYTES",
    "IMPORT_MAX_COMPRESSION_RATIO",
    "IMPORT_MEMORY_LIMIT_MB",
    "IMPORT_TIME_LIMIT_SECONDS",
)
OVER_MEMORY = (
    "文件过大或过于复杂，处理所需内存超过上限，已中止，未保存任何数据。"
    "请删除多余的工作表和空行，或分批导入。"
)


def _over_time(seconds: int) -> str:
    return (
        f"处理时间超过 {seconds} 秒的上限，已中止，未保存任何数据。"
        "请删除多余的工作表和空行，或分批导入。"
    )


def child_settings() -> str:
    """The CHILD_SETTINGS of this process, as the JSON `run_import_job --inherit-settings` reads."""
    return json.dumps({name: getattr(settings, name) for name in CHILD_SETTINGS}, default=str)


def limit_resources(*, memory_mb: int, cpu_seconds: int) -> None:
    """Cap this process: past `memory_mb` of address space an allocation raises MemoryError;
    past `cpu_seconds` of CPU the kernel ends it (SIGXCPU). The parent's wall-clock limit comes
    first; the CPU limit still holds for a child whose parent is gone (a worker restart)."""
    memory = memory_mb * 1024 * 1024
    for limit, soft, hard in (
        (resource.RLIMIT_AS, memory, memory),
        (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 5),
    ):
        current = resource.getrlimit(limit)[1]
        if current != resource.RLIM_INFINITY:  # a process may lower its hard limit, not raise it
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(limit, (soft, hard))


def import_job_run_limited(job_id: int) -> ImportJob:
    """Run the job in a child process with a memory and a time limit, and wait for it.

    The child saves the job's outcome itself. When it is stopped (the wall-clock limit here, the
    CPU limit in the kernel) or dies, the job is still unfinished and is marked failed here. Its
    writes were one transaction, so nothing was saved.
    """
    seconds = settings.IMPORT_TIME_LIMIT_SECONDS
    command = [sys.executable, "-m", "django", "run_import_job", str(job_id), "--inherit-settings"]
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings", **os.environ}
    try:
        child = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            command,
            input=child_settings().encode(),
            cwd=settings.BASE_DIR,
            env=environment,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # the child has been killed
        log.warning("member import %s went over %s s and was stopped", job_id, seconds)
        message = _over_time(seconds)
    else:
        if child.returncode == -signal.SIGXCPU:
            log.warning("member import %s went over its CPU limit", job_id)
            message = _over_time(seconds)
        elif child.returncode in (-signal.SIGKILL, -signal.SIGABRT):
            # Killed: most often the kernel's out-of-memory killer; aborted: the sheet reader
            # (Rust) could not allocate under the child's memory limit.
            log.error("member import %s was killed (%s)", job_id, child.returncode)
            message = OVER_MEMORY
        else:
            if child.returncode:
                log.error("member import %s: child exited with %s", job_id, child.returncode)
            message = SYSTEM_ERROR
    _fail(job_id, message)
    return ImportJob.objects.get(pk=job_id)


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return


def import_job_expire_stale(job: ImportJob) -> ImportJob:
    """Mark a job that can no longer finish as failed, so its page stops waiting: on the queue,
    at once when its worker has stopped (no heartbeat for JOBS_STALLED_AFTER_SECONDS) or its job
    is gone; otherwise (a thread of a web process) after STALE_AFTER."""
    if job.finished:
        return job
    if settings.JOBS_BACKEND == QUEUE:
        lost = job_state(run_import, job_id=job.pk) in (LOST, FINISHED, None) and (
            settings.MEMBER_IMPORT_IN_BACKGROUND
        )
    else:
        lost = job.created_at <= timezone.now() - STALE_AFTER
    if lost:
        _fail(job.pk, INTERRUPTED)
        job.refresh_from_db()
    return job

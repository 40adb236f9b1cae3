"""Running an uploaded import: in a background thread (the page polls for progress) or inline."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .importer import member_import
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)
# No import takes this long (10,000 rows take ~5 s); a job still unfinished was cut off, for
# example by a worker restart. Its writes were one transaction, so nothing was saved.
STALE_AFTER = timedelta(minutes=15)


def import_job_start(job: ImportJob) -> None:
    if settings.MEMBER_IMPORT_IN_BACKGROUND:
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    else:
        import_job_run(job.pk)


def _run_in_thread(job_id: int) -> None:
    try:
        import_job_run(job_id)
    finally:
        # The thread's own connection: nothing else closes it (request_finished only runs for
        # requests), and a leaked one holds a database slot until the server times it out.
        connection.close()


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
    except Exception:
        log.exception("member import %s failed", job.pk)
        job.status = ImportStatus.FAILED
        job.message = "导入过程中出现系统错误，未保存任何数据。请联系管理员。"
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


def import_job_expire_stale(job: ImportJob) -> ImportJob:
    """Mark a job that can no longer finish as failed, so its page stops waiting."""
    if job.finished or job.created_at > timezone.now() - STALE_AFTER:
        return job
    job.status = ImportStatus.FAILED
    job.message = "导入未能完成（处理被中断），未保存任何数据。请重新上传。"
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    return job

"""Background jobs of the roster (found by Procrastinate's autodiscovery of `tasks` modules)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from config.queue import task
from members.exports import purge_export_files, run_export
from members.jobs import run_import
from members.models import ImportJob, ImportStatus
from members.roster import build_roster  # registers the roster export for the worker

__all__ = [
    "build_roster",
    "purge_import_files",
    "purge_old_import_files",
    "run_export",
    "run_import",
]
log = logging.getLogger(__name__)


def purge_import_files(*, days: int, now=None) -> int:
    """Delete the uploaded sheets (they hold ID numbers) of finished imports uploaded more than
    `days` days ago; the import's record stays, without its file. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(file="")
    old = old.exclude(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING])
    purged = 0
    for job in old.iterator():
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        purged += 1
    if purged:
        log.info("deleted %s uploaded import files older than %s days", purged, days)
    return purged


@task(name="members.purge_import_files", cron="15 19 * * *")
def purge_old_import_files(timestamp: int) -> None:
    """Daily: uploaded import files after IMPORT_FILES_KEEP_DAYS, exported files after
    EXPORT_FILES_KEEP_DAYS (both hold ID numbers)."""
    purge_import_files(days=settings.IMPORT_FILES_KEEP_DAYS)
    purge_export_files(days=settings.EXPORT_FILES_KEEP_DAYS)

"""A user's file put into a renewal's record in place of the one before: checked (a PDF or an
image under the cap), and the replaced file deleted from storage once the change is committed.
The audit event of the calling service keeps both names and both SHA-256 hashes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from branches.uploads import file_sha256, upload_problem


def check_upload(field: str, file: Any, *, prefix: str = "") -> None:
    """Refuse `file` as a ValidationError on `field` (a form shows it there)."""
    problem = upload_problem(file)
    if problem:
        raise ValidationError({field: prefix + problem})


def replace_upload(
    instance: models.Model, field: str, file: Any, *, prefix: str = ""
) -> dict[str, list[str]]:
    """Put the checked `file` into `instance.<field>` (saved by the caller's save()); the file it
    replaces is deleted from storage after the commit. Returns the changes for the audit event."""
    check_upload(field, file, prefix=prefix)
    old = getattr(instance, field)
    old_name = old.name or ""
    old_sha = ""
    if old_name:
        old_sha = file_sha256(old)
        old.close()
    new_sha = file_sha256(file)
    setattr(instance, field, file)
    if old_name:
        storage = old.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return {field: [old_name, file.name], f"{field}_sha256": [old_sha, new_sha]}

"""Issue 13: `manage.py backup` and `restore` — the database, the stored files and a manifest of
SHA-256 hashes; a restore into a fresh database keeps every sealed archive's hash true."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from elections import demo
from elections.models import Renewal
from elections.services import approve
from members.models import Member

ROOT = Path(__file__).resolve().parents[2]

# Run in the restored database: every sealed archive with its stored hash and its file's hash.
CHECK = """
import hashlib, json, django
django.setup()
from elections.models import Renewal
from members.models import Member
print(json.dumps({
    "members": Member.objects.count(),
    "sealed": [
        [r.pk, r.archive_sha256, hashlib.sha256(r.archive.read()).hexdigest()]
        for r in Renewal.objects.exclude(sealed_at=None).order_by("pk")
    ],
}))
"""


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[str]:
    """The URL of a new, empty database of the engine the tests run on."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    name = f"huanjie_restore_{uuid.uuid4().hex[:10]}"
    server = {"dbname": "postgres", "host": db["HOST"] or None, "port": db["PORT"] or None,
              "user": db["USER"] or None, "password": db["PASSWORD"] or None}  # fmt: skip
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    try:
        yield f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(url: str, media: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    return subprocess.run(  # noqa: S603 - the project's own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_sealed_archive_intact(
    users, voting, tmp_path, fresh_database
):
    secretary = users["secretary"]
    demo.prepare_meeting(voting, actor=secretary)
    approving = demo.hold_meeting(voting, actor=secretary)
    archiving = approve.renewal_approve_result(actor=users["approver"], renewal=approving)
    sealed = demo.seal(archiving, actor=secretary)
    assert sealed.archive_sha256

    backup = tmp_path / "nightly.tar.gz"
    call_command("backup", str(backup))
    with tarfile.open(backup) as tar:
        names = tar.getnames()
    dump = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert f"nightly/{dump}" in names
    assert f"nightly/media/{sealed.archive.name}" in names
    with tarfile.open(backup) as tar:
        manifest = json.load(tar.extractfile("nightly/manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert manifest["files"][f"media/{sealed.archive.name}"]["sha256"] == sealed.archive_sha256

    media = tmp_path / "restored-media"
    restored = _manage(fresh_database, media, "manage.py", "restore", str(backup))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "SHA-256 一致" in restored.stdout

    check = _manage(fresh_database, media, "-c", CHECK)
    assert check.returncode == 0, check.stderr
    found = json.loads(check.stdout)
    assert found["members"] == Member.objects.count()
    expected = Renewal.objects.exclude(sealed_at=None).values_list("pk", "archive_sha256")
    assert [(pk, stored) for pk, stored, _ in found["sealed"]] == list(expected)
    assert all(stored == actual for _, stored, actual in found["sealed"])

    # The restored database is no longer empty: a second restore needs --force.
    again = _manage(fresh_database, media, "manage.py", "restore", str(backup))
    assert again.returncode != 0
    assert "不是空的" in again.stderr
    forced = _manage(fresh_database, media, "manage.py", "restore", str(backup), "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr


def test_restore_checks_every_hash_before_touching_anything(db, tmp_path):
    default_storage.save("imports/roll.xlsx", ContentFile(b"roll"))
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) >= {"media/imports/roll.xlsx"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())

    # Intact, but the target (the test database) has tables: refused without --force.
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(backup))

    (backup / "media/imports/roll.xlsx").write_bytes(b"forged")
    (backup / "media/extra.txt").write_text("x")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup), "--force")
    assert "SHA-256 不符：media/imports/roll.xlsx" in str(refused.value)
    assert "清单中没有的文件：media/extra.txt" in str(refused.value)
    assert default_storage.open("imports/roll.xlsx").read() == b"roll"

    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(backup))
    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        call_command("backup", str(Path(default_storage.path("")) / "backups" / "b.tar"))


def test_restore_refuses_a_tar_that_escapes_its_folder(db, tmp_path):
    evil = tmp_path / "evil.tar"
    (tmp_path / "x").write_text("x")
    with tarfile.open(evil, "w") as tar:
        tar.add(tmp_path / "x", arcname="../x")
    with pytest.raises(CommandError, match="不安全"):
        call_command("restore", str(evil))

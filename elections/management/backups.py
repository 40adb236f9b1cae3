"""Backups: the database and every stored file, with a manifest of SHA-256 hashes.

A backup is one folder (or the same folder in a tar file) holding

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  a consistent copy through SQLite's online backup API, safe while the app writes);
- ``media/``: every file of the default storage (``MEDIA_ROOT``: sealed archives, issued
  documents, uploads);
- ``manifest.json``: the format, the engine, the latest migration of each app, and the SHA-256
  and size of every other file.

A restore checks every hash before it touches the database or the storage, and refuses files the
manifest does not list.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "huanjie-backup/1"
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz")


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in Chinese."""


@dataclass(frozen=True)
class Restored:
    files: int
    media: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"不支持的数据库：{vendor}（只支持 PostgreSQL 和 SQLite）")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables for the current connection: no password on a command line."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                      ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):  # fmt: skip
        if db.get(key):
            env[name] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(args: list[str]) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(f"找不到 {args[0]}：请安装 postgresql-client（版本不低于服务器）")
    proc = subprocess.run(  # noqa: S603 - PostgreSQL's own tools, arguments built here
        [tool, *args[1:]], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise BackupError(f"{args[0]} 失败：{proc.stderr.strip()}")


def _sqlite_copy(source: str | Path, target: str | Path) -> None:
    """SQLite's online backup: a consistent copy page by page, even while others write."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _storage_files(folder: str = "") -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _storage_files(f"{folder}/{sub}" if folder else sub)


def backup_to(target: Path) -> dict[str, Any]:
    """Write a backup into the new folder `target`, or into a tar file when it ends in .tar."""
    if target.exists():
        raise BackupError(f"{target} 已存在，不会覆盖")
    if target.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        # The next backup would hold this one, and so on.
        raise BackupError(f"备份不能写在 MEDIA_ROOT（{settings.MEDIA_ROOT}）之中")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.name.endswith(TAR_SUFFIXES):
        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            suffix = next(s for s in TAR_SUFFIXES if target.name.endswith(s))
            folder = Path(tmp, target.name.removesuffix(suffix))
            manifest = backup_to(folder)
            mode = "w" if target.name.endswith(".tar") else "w:gz"
            with tarfile.open(target, mode) as tar:
                tar.add(folder, arcname=folder.name)
        return manifest
    kind = engine()
    target.mkdir(parents=True)
    dump = target / DUMPS[kind]
    if kind == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"])
    else:
        _sqlite_copy(connection.settings_dict["NAME"], dump)
    for name in _storage_files():
        path = target / MEDIA / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as stored, path.open("wb") as out:
            shutil.copyfileobj(stored, out)
    files = {
        path.relative_to(target).as_posix(): {
            "sha256": file_sha256(path),
            "size": path.stat().st_size,
        }
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }
    migrations = MigrationRecorder(connection).applied_migrations()
    latest: dict[str, str] = {}
    for app, name in sorted(migrations):
        latest[app] = max(latest.get(app, name), name)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": kind,
        "database": DUMPS[kind],
        "migrations": latest,
        "files": files,
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
    )
    return manifest


@contextmanager
def opened(source: Path) -> Iterator[Path]:
    """The backup's folder: `source` itself, or the tar file `source` unpacked in a temporary
    folder."""
    if source.is_dir():
        yield source
        return
    if not source.is_file() or not tarfile.is_tarfile(source):
        raise BackupError(f"{source} 不是备份目录，也不是 tar 文件")
    with tarfile.open(source) as tar, tempfile.TemporaryDirectory() as tmp:
        for member in tar.getmembers():
            parts = PurePosixPath(member.name).parts
            plain = member.isfile() or member.isdir()
            if member.name.startswith("/") or ".." in parts or not plain:
                raise BackupError(f"tar 文件中有不安全的条目：{member.name}")
        # Every member was checked above; the "data" filter (Python 3.11.4+) checks again.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp, filter="data")
        else:  # pragma: no cover
            tar.extractall(tmp)  # noqa: S202
        found = [p for p in Path(tmp).rglob(MANIFEST) if p.is_file()]
        if len(found) != 1:
            raise BackupError(f"{source} 中找不到唯一的 {MANIFEST}")
        yield found[0].parent


def verify(folder: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its hash and nothing else is."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取 {MANIFEST}：{exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式：{manifest.get('format')!r}")
    listed = manifest.get("files", {})
    problems = []
    for name, entry in sorted(listed.items()):
        parts = PurePosixPath(name).parts
        path = folder.joinpath(*parts)
        if name.startswith("/") or ".." in parts:
            problems.append(f"不安全的路径：{name}")
        elif not path.is_file():
            problems.append(f"缺少文件：{name}")
        elif path.stat().st_size != entry["size"] or file_sha256(path) != entry["sha256"]:
            problems.append(f"文件与清单的 SHA-256 不符：{name}")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    problems += [f"清单中没有的文件：{name}" for name in sorted(present - set(listed) - {MANIFEST})]
    if manifest.get("database") not in listed:
        problems.append("备份中没有数据库文件")
    if problems:
        raise BackupError("备份未通过校验，未做任何恢复：\n" + "\n".join(problems))
    return manifest


def restore_from(source: Path, *, force: bool = False) -> Restored:
    """Check the backup, then load its database and files into the configured ones."""
    with opened(source) as folder:
        manifest = verify(folder)
        kind = engine()
        if manifest["engine"] != kind:
            raise BackupError(f"备份来自 {manifest['engine']}，当前数据库是 {kind}")
        tables = connection.introspection.table_names()
        if tables and not force:
            raise BackupError(
                f"目标数据库不是空的（已有 {len(tables)} 张表），未做任何恢复。"
                "请恢复到新建的空数据库；确要覆盖现有数据时加 --force。"
            )
        dump = folder / manifest["database"]
        if kind == "postgresql":
            if tables:
                with connection.cursor() as cursor:
                    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
                    cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
            connection.close()
            name = connection.settings_dict["NAME"]
            options = ["--no-owner", "--no-privileges", "--clean", "--if-exists"]
            options += ["--single-transaction", "--exit-on-error", f"--dbname={name}"]
            _run(["pg_restore", *options, str(dump)])
        else:
            connection.close()
            _sqlite_copy(dump, connection.settings_dict["NAME"])
        media = 0
        for name in manifest["files"]:
            if not name.startswith(f"{MEDIA}/"):
                continue
            stored = name.removeprefix(f"{MEDIA}/")
            if default_storage.exists(stored):
                default_storage.delete(stored)
            with folder.joinpath(*PurePosixPath(name).parts).open("rb") as handle:
                saved = default_storage.save(stored, File(handle))
            if saved != stored:
                raise BackupError(f"存储把 {stored} 存成了 {saved}")
            media += 1
        return Restored(files=len(manifest["files"]), media=media)

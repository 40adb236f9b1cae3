"""Fixtures shared by the suite: an organisation tree with members, and one user per role.

The tree and the users are also built by plain functions (`make_tree`, `make_users`), and the test
settings are one mapping (`quick_settings`), for fixtures of a wider scope than a test.
"""

from __future__ import annotations

import base64
import itertools
import os
import random
import tempfile
from contextlib import contextmanager
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from branches import cached
from branches.figures import refresh_member_counts, refresh_renewal_due
from branches.models import Organisation, OrganisationKind, Role, RoleKind, Term
from elections.models import renewal as renewal_models
from members.idcard import make_id_number
from members.models import Gender, Member, MemberStatus
from tests.printing import each_html_printed_once

# Its checks are plain asserts: pytest explains them as it does a test's own.
pytest.register_assert_rewrite("tests.matrix_helpers")

# The machines are shared and noisy: a property test's example may take longer than Hypothesis's
# default 200 ms deadline for reasons that have nothing to do with the code (seen once under load).
hypothesis_settings.register_profile("huanjie", deadline=None)
hypothesis_settings.load_profile("huanjie")

_seq = itertools.count(1)


def quick_settings(media_root: Path | str) -> dict[str, Any]:
    """The settings every test runs with, its uploads and documents kept under `media_root`."""
    return {
        "MEDIA_ROOT": str(media_root),
        # The manifest storage needs collectstatic; tests render templates without it.
        "STORAGES": {
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "MEMBER_IMPORT_IN_BACKGROUND": False,
        # Background jobs run in the test's thread after its commit (config.queue); the job
        # tests choose the thread or the real queue themselves.
        "JOBS_BACKEND": "inline",
        # The real hasher costs ~0.4 s a user on this machine; tests need speed, not strength.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """SQLite tests use a database file on tmpfs, not Django's shared-cache memory database.

    In shared-cache memory every connection takes table locks that fail at once instead of
    waiting ("database table is locked"): a background import writing while the live server reads
    its job for the progress page failed one browser run in six. A file locks as a deployment's
    SQLite does and waits its timeout. Each run has its own file, so two runs on one machine do not
    meet; Django removes it when the run ends.
    """
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # mkstemp: a new private file (Django replaces it with the test database).
        tmpfs = "/dev/shm"  # noqa: S108
        folder = tmpfs if os.path.isdir(tmpfs) else None
        handle, name = tempfile.mkstemp(prefix="huanjie-test-", suffix=".db", dir=folder)
        os.close(handle)
        db.setdefault("TEST", {})["NAME"] = name


@pytest.fixture(scope="session", autouse=True)
def _each_html_printed_once():
    """The same HTML makes the same PDF: printed once for the run (tests/printing.py).
    HUANJIE_TEST_PRINT_EVERY_TIME=1 prints every document again, as the suite used to."""
    if os.environ.get("HUANJIE_TEST_PRINT_EVERY_TIME") == "1":
        yield {}
        return
    with each_html_printed_once() as printed:
        yield printed


@pytest.fixture(autouse=True)
def _public_tokens_alike(monkeypatch):
    """Each test's renewals get the same public tokens (unique within the test, from a seeded
    generator): a notice prints its token's address, and alike notices are printed once.
    Rows kept by a wider fixture (the access matrix's world) were made before, with real tokens."""
    generator = random.Random(20240701)

    def token_urlsafe(nbytes: int = 32) -> str:
        return base64.urlsafe_b64encode(generator.randbytes(nbytes)).rstrip(b"=").decode()

    monkeypatch.setattr(renewal_models, "secrets", SimpleNamespace(token_urlsafe=token_urlsafe))


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path_factory):
    for name, value in quick_settings(tmp_path_factory.mktemp("media")).items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in an English session activates
    English in the thread, and Django leaves it active for whatever code runs next."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached counters (the roster-search limit), whatever ran before."""
    cache.clear()


def make_org(code: str, kind: str, parent: Organisation | None = None, **kw) -> Organisation:
    if kind == OrganisationKind.BRANCH:
        kw.setdefault("category", "organ")
    org = Organisation(
        code=code, name=kw.pop("name", f"组织{code}"), kind=kind, parent=parent, **kw
    )
    org.save()
    return org


def make_member(branch: Organisation, **kw) -> Member:
    n = next(_seq)
    birth = kw.pop("birth_date", date(1980, 1, 1 + n % 28))
    status = kw.pop("status", MemberStatus.FULL)
    defaults = {
        "name": f"党员{n}",
        "gender": Gender.MALE,
        "birth_date": birth,
        "id_number": make_id_number("110105", birth, n),
        "joined_on": date(2005, 7, 1),
        "full_member_on": date(2006, 7, 1) if status == MemberStatus.FULL else None,
        "status": status,
    }
    defaults.update(kw)
    return Member.objects.create(branch=branch, **defaults)


def make_tree() -> dict[str, Any]:
    """root > A (> G > B2, > B1), root > other > B3."""
    root = make_org("R", OrganisationKind.COMMITTEE, name="区委")
    a = make_org("A", OrganisationKind.COMMITTEE, root, name="机关党委")
    g = make_org("G", OrganisationKind.GENERAL_BRANCH, a, name="党总支")
    b1 = make_org("B1", OrganisationKind.BRANCH, a, name="第一党支部")
    b2 = make_org("B2", OrganisationKind.BRANCH, g, name="第二党支部")
    other = make_org("O", OrganisationKind.COMMITTEE, root, name="镇党委")
    b3 = make_org("B3", OrganisationKind.BRANCH, other, name="村党支部", category="village")
    Term.objects.create(
        organisation=b1, number=2, start_date=date(2023, 1, 1), planned_end=date(2026, 1, 1)
    )
    m1 = make_member(b1, name="张三")
    m2 = make_member(b2, name="李四", status=MemberStatus.PROBATIONARY)
    m3 = make_member(b3, name="王五")
    return {
        "root": root,
        "a": a,
        "g": g,
        "b1": b1,
        "b2": b2,
        "other": other,
        "b3": b3,
        "m1": m1,
        "m2": m2,
        "m3": m3,
    }


@pytest.fixture
def tree(db):
    return make_tree()


def grow(tree, branches: int, members: int) -> None:
    """Bulk-add branches (each with an open term) under 机关党委 and members spread over them."""
    a = tree["a"]
    start = Organisation.objects.count()
    Organisation.objects.bulk_create(
        Organisation(code=f"N{i}", name=f"支部{i}", kind="branch", category="organ", parent=a)
        for i in range(start, start + branches)
    )
    new = Organisation.objects.filter(path="")
    new.update(path=Concat(Value(a.path), Cast("id", CharField()), Value("/")), depth=a.depth + 1)
    new_ids = list(
        Organisation.objects.filter(
            code__in=[f"N{i}" for i in range(start, start + branches)]
        ).values_list("id", flat=True)
    )
    Term.objects.bulk_create(
        Term(
            organisation_id=pk, number=1, start_date=date(2024, 1, 1), planned_end=date(2027, 1, 1)
        )
        for pk in new_ids
    )
    refresh_renewal_due(new_ids)
    base = Member.objects.count()
    Member.objects.bulk_create(
        Member(
            name=f"成员{n}",
            gender="male",
            id_number=make_id_number("440305", date(1940, 1, 1) + timedelta(days=n // 1000), n),
            joined_on=date(2000, 1, 1),
            full_member_on=date(2001, 1, 1),
            status="full",
            branch_id=new_ids[n % len(new_ids)],
        )
        for n in range(base, base + members)
    )
    refresh_member_counts(new_ids)  # a bulk write sends no signal
    cached.changed(cached.TREE)  # nor does it make a new version of the cached figures


@contextmanager
def rewriting_audit():
    """Let a test move audit events in time or blank their actor, as the data of a past would be.

    On PostgreSQL the audit table refuses UPDATE (migration branches/0005): the trigger is
    disabled for the block, inside the test's transaction, which rolls it back with the rest.
    """
    if connection.vendor != "postgresql":
        yield
        return
    trigger = "ALTER TABLE branches_auditevent {} TRIGGER branches_auditevent_append_only"
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no deferred foreign-key checks: run those of the test's rows now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(trigger.format("DISABLE"))
        try:
            yield
        finally:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(trigger.format("ENABLE"))
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def count_queries(client, url: str) -> int:
    """The queries of one GET, with no cached figure (branches.cached): every figure computed,
    as on the first request after a change, whatever the test did before."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


ROLE_HOLDERS = {
    # name: (role, organisation key)
    "staff": (RoleKind.STAFF, "a"),
    "secretary": (RoleKind.SECRETARY, "b1"),
    "approver": (RoleKind.APPROVER, "a"),
    "viewer": (RoleKind.VIEWER, "a"),
    "outsider": (RoleKind.STAFF, "other"),
}


def make_users(tree: dict[str, Any]) -> dict[str, Any]:
    """One user per role (staff, secretary, approver, viewer at 机关党委 or its branch), a staff
    member of another committee, a user with no role, and a superuser."""
    User = get_user_model()
    made = {}
    for name, (role, key) in ROLE_HOLDERS.items():
        user = User.objects.create_user(username=name, password="pw-123456!")
        Role.objects.create(user=user, organisation=tree[key], role=role)
        made[name] = user
    made["norole"] = User.objects.create_user(username="norole", password="pw-123456!")
    made["admin"] = User.objects.create_superuser(username="admin", password="pw-123456!")
    return made


@pytest.fixture
def users(tree):
    return make_users(tree)


def xlsx_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()

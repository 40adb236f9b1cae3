"""Fixtures shared by the suite: an organisation tree with members, and one user per role."""

from __future__ import annotations

import itertools
from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model

from branches.models import Organisation, OrganisationKind, Role, RoleKind, Term
from members.idcard import make_id_number
from members.models import Gender, Member, MemberStatus

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEMBER_IMPORT_IN_BACKGROUND = False
    # The real hasher costs ~0.4 s a user on this machine; tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def tree(db):
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


ROLE_HOLDERS = {
    # name: (role, organisation key)
    "staff": (RoleKind.STAFF, "a"),
    "secretary": (RoleKind.SECRETARY, "b1"),
    "approver": (RoleKind.APPROVER, "a"),
    "viewer": (RoleKind.VIEWER, "a"),
    "outsider": (RoleKind.STAFF, "other"),
}


@pytest.fixture
def users(tree):
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

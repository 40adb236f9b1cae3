"""Regression (issue): a dry run told staff that an ID number belonged to a member registered in
an organisation they cannot see ("该党员已登记在导入范围以外的组织"). The refusal now reads the same
whoever the number belongs to, in the dry run and in the import, and says nothing of elsewhere."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import NOT_IMPORTABLE
from members.models import ImportJob, Member, Transfer
from tests.conftest import xlsx_bytes

HEADER = [c.header for c in COLUMNS]


def sheet(*rows: tuple[str, str, str]) -> io.BytesIO:
    blank = dict.fromkeys(HEADER, "")
    values = [
        list(
            {
                **blank,
                "支部代码": code,
                "姓名": name,
                "性别": "男",
                "身份证号": number,
                "入党日期": "2015-01-01",
                "转正日期": "2016-01-01",
                "党员类别": "正式党员",
            }.values()
        )
        for code, name, number in rows
    ]
    upload = io.BytesIO(xlsx_bytes(values, HEADER))
    upload.name = "名册.xlsx"
    return upload


def upload(client, org, content: io.BytesIO, *, dry_run: bool) -> ImportJob:
    data = {"organisation": org.pk, "file": content}
    if dry_run:
        data["dry_run"] = "on"
    client.post(reverse("members:import_upload"), data)
    return ImportJob.objects.latest("pk")


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_an_id_number_registered_elsewhere_is_not_disclosed(client, users, tree, dry_run):
    outsider = tree["m3"]  # in 村党支部 under 镇党委, which the staff user cannot see
    client.force_login(users["staff"])
    job = upload(client, tree["a"], sheet(("B1", "某人", outsider.id_number)), dry_run=dry_run)
    assert job.errors == [[2, "身份证号", NOT_IMPORTABLE]]
    page = client.get(job.get_absolute_url()).content.decode()
    status = client.get(reverse("members:import_status", args=[job.pk])).content.decode()
    for text in (page, status):
        for telling in ("已登记", "范围以外", "已存在", outsider.branch.name, "镇党委", "王五"):
            assert telling not in text
    outsider.refresh_from_db()
    assert outsider.branch == tree["b3"]


def test_the_dry_run_and_the_import_say_the_same(client, users, tree):
    client.force_login(users["staff"])
    rows = (("B1", "某人", tree["m3"].id_number), ("B2", "另一人", "123"))
    checked = upload(client, tree["a"], sheet(*rows), dry_run=True)
    imported = upload(client, tree["a"], sheet(*rows), dry_run=False)
    assert checked.errors == imported.errors
    assert checked.message == imported.message


def test_a_transfer_between_branches_of_the_scope_still_works(client, users, tree):
    member = tree["m1"]  # in 第一党支部 (B1) under 机关党委, where the staff user works
    client.force_login(users["staff"])
    checked = upload(client, tree["a"], sheet(("B2", member.name, member.id_number)), dry_run=True)
    assert checked.errors == []
    assert "其中转入 1 人" in checked.message
    upload(client, tree["a"], sheet(("B2", member.name, member.id_number)), dry_run=False)
    member.refresh_from_db()
    assert member.branch == tree["b2"]
    assert Transfer.objects.get(member=member).from_branch == tree["b1"]


def test_a_new_id_number_is_created_as_before(client, users, tree):
    number = make_id_number("110105", date(1991, 2, 3), 77)
    client.force_login(users["staff"])
    upload(client, tree["a"], sheet(("B1", "新党员", number)), dry_run=False)
    assert Member.objects.get(id_number=number).branch == tree["b1"]

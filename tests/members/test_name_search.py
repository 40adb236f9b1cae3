"""Issue 16: the roster finds members by name prefix, pinyin initials (every reading of a
polyphonic surname) and phone prefix, on indexed keys kept up to date by every write path."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.models import Member, MemberNameKey
from members.names import initials_keys
from members.services import member_update
from tests.conftest import make_member, xlsx_bytes


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("张红雷", ["zhl"]),
        ("张三", ["zs"]),
        ("单雄信", ["dxx", "cxx", "sxx"]),
        ("曾国藩", ["cgf", "zgf"]),
        ("解缙", ["jj", "xj"]),
        ("张 三", ["zs"]),
        ("", []),
    ],
)
def test_initials_keep_every_reading_of_the_surname(name, keys):
    assert initials_keys(name) == keys


def _found(client, q: str) -> list[str]:
    page = client.get(reverse("members:member_list"), {"q": q})
    assert page.status_code == 200
    return sorted(m.name for m in page.context["page"].object_list)


@pytest.fixture
def staff_client(client, users, tree):
    for name, phone in (("张红雷", "13911112222"), ("单雄信", "13800001111"), ("李张伟", "")):
        make_member(tree["b1"], name=name, phone=phone)
    make_member(tree["b1"], name="张伟民")
    client.force_login(users["staff"])
    return client


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("zhl", ["张红雷"]),
        ("ZHL", ["张红雷"]),
        ("zh", ["张红雷"]),
        ("zs", ["张三"]),
        ("z", ["张三", "张伟民", "张红雷"]),
        ("sxx", ["单雄信"]),
        ("dxx", ["单雄信"]),
        ("张伟", ["张伟民"]),  # by prefix: 李张伟 is not found
        ("张", ["张三", "张伟民", "张红雷"]),
        ("139111", ["张红雷"]),
        ("1111", []),  # the phone by prefix only
        ("qq", []),
    ],
)
def test_roster_search(staff_client, q, names):
    assert _found(staff_client, q) == names


def test_one_branch_page_still_finds_text_inside_a_name(staff_client, tree):
    page = staff_client.get(tree["b1"].get_absolute_url(), {"q": "伟"})
    assert sorted(m.name for m in page.context["page"].object_list) == ["张伟民", "李张伟"]
    page = staff_client.get(tree["b1"].get_absolute_url(), {"q": "sxx"})
    assert [m.name for m in page.context["page"].object_list] == ["单雄信"]


def test_renaming_rewrites_the_keys(staff_client, users, tree):
    member = Member.objects.get(name="张红雷")
    member_update(actor=users["staff"], member=member, name="曾红雷")
    assert sorted(MemberNameKey.objects.filter(member=member).values_list("key", flat=True)) == [
        "chl",
        "zhl",
    ]
    assert _found(staff_client, "chl") == ["曾红雷"]
    assert _found(staff_client, "zhl") == ["曾红雷"]  # 曾 read zeng
    member_update(actor=users["staff"], member=member, name="李红雷")
    assert _found(staff_client, "zhl") == []
    assert _found(staff_client, "lhl") == ["李红雷"]


def test_saving_without_renaming_keeps_the_keys(tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = make_member(tree["b1"], name="李小明")
    member = Member.objects.get(pk=member.pk)
    member.phone = "13700000000"
    with CaptureQueriesContext(connection) as queries:
        member.save()
    assert not [q for q in queries if "membernamekey" in q["sql"]]
    assert list(member.name_keys.values_list("key", flat=True)) == ["lxm"]


def test_import_writes_and_rewrites_the_keys(tree):
    header = [c.header for c in COLUMNS]

    def sheet(name: str) -> bytes:
        values = {
            "支部代码": "B1",
            "姓名": name,
            "性别": "男",
            "民族": "汉族",
            "出生日期": "",
            "学历": "大学本科",
            "联系电话": "13800000000",
            "身份证号": make_id_number("110105", date(1985, 3, 4), 11),
            "入党日期": "2010-07-01",
            "转正日期": "2011-07-01",
            "党员类别": "正式党员",
            "权利状态": "正常",
            "留党察看期满": "",
        }
        return xlsx_bytes([[values[h] for h in header]], header=header)

    assert member_import(source=io.BytesIO(sheet("解缙")), scope=tree["a"]).ok
    member = Member.objects.get(name="解缙")
    assert sorted(member.name_keys.values_list("key", flat=True)) == ["jj", "xj"]
    assert member_import(source=io.BytesIO(sheet("欧阳修")), scope=tree["a"]).ok
    assert list(member.name_keys.values_list("key", flat=True)) == ["oyx"]

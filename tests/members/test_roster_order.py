"""The roster sorted by name in surname stroke order, as printed registers are (R7), in the
database, so a list of any size is one sorted, paged query."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse

from elections import domain
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.models import Member, name_order_key
from tests.conftest import count_queries, make_member, xlsx_bytes

NAMES = ["张三", "王芳", "李四", "方明", "丁一", "万里", "于洋", "马力"]


def _listed(client, **params) -> list[str]:
    page = client.get(reverse("members:member_list"), params).content.decode()
    return [
        name for _pos, name in sorted((page.index(f">{n}<"), n) for n in NAMES if f">{n}<" in page)
    ]


def test_the_roster_can_be_sorted_by_surname_strokes(client, users, tree):
    for name in NAMES:
        make_member(tree["b1"], name=name)
    client.force_login(users["staff"])
    assert _listed(client, order="strokes") == sorted(NAMES, key=domain.stroke_key)
    # 丁 < 于 < 万 < 马 (3 strokes), 王 before 方 (4), 李 before 张 (7): as the rule book says.
    assert _listed(client, order="strokes") == [
        "丁一",
        "于洋",
        "万里",
        "马力",
        "王芳",
        "方明",
        "李四",
        "张三",
    ]


def test_the_key_follows_renames_and_bulk_imports(tree):
    member = make_member(tree["b1"], name="张三")
    assert member.name_order == name_order_key("张三")
    member.name = "王芳"
    member.save(update_fields=["name"])
    member.refresh_from_db()
    assert member.name_order == name_order_key("王芳")
    assert Member.objects.order_by("name_order").first().name_order < name_order_key("张三")

    # The import writes in bulk, past save(): it sets the key too, on new and renamed members.
    header = [c.header for c in COLUMNS]
    number = make_id_number("110105", date(1985, 3, 4), 11)

    def sheet(name: str) -> io.BytesIO:
        values = {
            "支部代码": "B1", "姓名": name, "性别": "男", "民族": "汉族", "出生日期": "",
            "学历": "", "联系电话": "", "身份证号": number, "入党日期": "2010-07-01",
            "转正日期": "2011-07-01", "党员类别": "正式党员", "权利状态": "正常",
            "留党察看期满": "",
        }  # fmt: skip
        return io.BytesIO(xlsx_bytes([[values[h] for h in header]], header))

    assert member_import(source=sheet("马力"), scope=tree["a"]).ok
    assert Member.objects.get(id_number=number).name_order == name_order_key("马力")
    assert member_import(source=sheet("丁一"), scope=tree["a"]).ok
    assert Member.objects.get(id_number=number).name_order == name_order_key("丁一")


def test_sorting_by_strokes_is_a_fixed_number_of_queries(client, users, tree):
    client.force_login(users["staff"])
    url = reverse("members:member_list") + "?order=strokes"
    for name in NAMES[:2]:
        make_member(tree["b1"], name=name)
    few = count_queries(client, url)
    for n in range(60):
        make_member(tree["b1"], name=f"{NAMES[n % 8]}{n}")
    assert count_queries(client, url) == few

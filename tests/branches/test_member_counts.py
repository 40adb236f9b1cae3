"""Issue 16: every organisation's stored member counts equal its members after every change."""

from __future__ import annotations

import io
from datetime import date

from django.db.models import Count, Q

from branches.figures import refresh_member_counts
from branches.models import Organisation
from branches.selectors import organisation_detail, with_figures, with_subtree_counts
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.models import Member, MemberStatus
from members.services import member_transfer, member_update
from tests.conftest import make_member, xlsx_bytes


def _agrees() -> None:
    counted = {
        row["pk"]: (row["n"], row["full"])
        for row in Organisation.objects.values("pk").annotate(
            n=Count("members"), full=Count("members", filter=Q(members__status="full"))
        )
    }
    stored = {
        pk: (n, full)
        for pk, n, full in Organisation.objects.values_list("pk", "member_count", "full_count")
    }
    assert stored == counted


def _counts(org) -> tuple[int, int]:
    return Organisation.objects.values_list("member_count", "full_count").get(pk=org.pk)


def test_saves_transfers_and_deletes_keep_the_counts(tree, users):
    b1, b2 = tree["b1"], tree["b2"]
    assert _counts(b1) == (1, 1)  # 张三
    assert _counts(b2) == (1, 0)  # 李四, probationary
    member = make_member(b1, name="赵六")
    assert _counts(b1) == (2, 2)
    member_update(
        actor=users["staff"], member=member, status=MemberStatus.PROBATIONARY, full_member_on=None
    )
    assert _counts(b1) == (2, 1)
    member_transfer(
        actor=users["staff"],
        member=Member.objects.get(pk=member.pk),
        to_branch=b2,
        transferred_on=date(2026, 1, 5),
        reason="工作调动",
    )
    assert _counts(b1) == (1, 1)
    assert _counts(b2) == (2, 0)
    _agrees()
    Member.objects.get(pk=member.pk).delete()
    assert _counts(b2) == (1, 0)
    _agrees()


def test_an_import_refreshes_the_counts_of_every_branch_it_touches(tree):
    header = [c.header for c in COLUMNS]

    def row(code: str, n: int, status: str = "正式党员") -> list:
        birth = date(1985, 3, 1 + n)
        values = {
            "支部代码": code,
            "姓名": f"导入{n}",
            "性别": "男",
            "民族": "汉族",
            "出生日期": "",
            "学历": "大学本科",
            "联系电话": "",
            "身份证号": make_id_number("110105", birth, 500 + n),
            "入党日期": "2010-07-01",
            "转正日期": "2011-07-01" if status == "正式党员" else "",
            "党员类别": status,
            "权利状态": "正常",
            "留党察看期满": "",
        }
        return [values[h] for h in header]

    rows = [row("B1", 1), row("B1", 2, "预备党员"), row("B2", 3)]
    assert member_import(source=io.BytesIO(xlsx_bytes(rows, header)), scope=tree["a"]).ok
    assert _counts(tree["b1"]) == (3, 2)
    assert _counts(tree["b2"]) == (2, 1)
    _agrees()
    moved = [row("B2", 1), row("B1", 2, "预备党员"), row("B2", 3)]  # 导入1 moves to B2
    assert member_import(source=io.BytesIO(xlsx_bytes(moved, header)), scope=tree["a"]).ok
    assert _counts(tree["b1"]) == (2, 1)
    assert _counts(tree["b2"]) == (3, 2)
    _agrees()


def test_subtree_figures_sum_the_stored_counts(tree):
    make_member(tree["b2"], name="钱七")
    a = Organisation.objects.get(pk=tree["a"].pk)
    detail = organisation_detail(a, {})
    assert (
        detail["subtree"]["members"]
        == Member.objects.filter(branch__path__startswith=a.path).count()
        == 3
    )
    rows = with_subtree_counts(list(with_figures(Organisation.objects.filter(code__in=["A", "G"]))))
    by_code = {r.code: (r.member_count, r.full_count) for r in rows}
    assert by_code == {"A": (3, 2), "G": (2, 1)}


def test_refresh_mends_counts_written_in_bulk(tree):
    Organisation.objects.filter(pk=tree["b1"].pk).update(member_count=99)
    assert refresh_member_counts() == Organisation.objects.count()
    _agrees()

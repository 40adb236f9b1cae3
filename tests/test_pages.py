"""HTTP flows through the test client, as a user would: lists, forms, import, export."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from branches.models import Organisation
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.models import ImportJob, ImportStatus, Member, Transfer
from tests.conftest import count_queries, grow, make_member, xlsx_bytes
from tests.exports_helpers import exported_cells


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("branches:organisation_list"),
        reverse("members:member_list"),
        reverse("members:member_list") + "?q=党员&status=full",
    ],
)
def test_list_pages_make_the_same_number_of_queries_for_10_and_many_rows(client, users, tree, url):
    client.force_login(users["staff"])
    grow(tree, 10, 10)
    small = count_queries(client, url)
    grow(tree, 10_000, 10_000)
    assert count_queries(client, url) == small


def test_branch_and_committee_pages_have_fixed_queries(client, users, tree):
    client.force_login(users["staff"])
    grow(tree, 10, 10)
    urls = [reverse("branches:organisation_detail", args=[tree[k].pk]) for k in ("a", "b1")]
    small = [count_queries(client, u) for u in urls]
    grow(tree, 1000, 0)
    for _ in range(40):
        make_member(tree["b1"])
    assert [count_queries(client, u) for u in urls] == small


def test_id_numbers_masked_except_for_managing_staff(client, users, tree):
    m1 = tree["m1"]
    url = reverse("members:member_detail", args=[m1.pk])
    client.force_login(users["staff"])
    assert m1.id_number in client.get(url).content.decode()
    for role in ("viewer", "approver", "secretary"):
        client.force_login(users[role])
        page = client.get(url).content.decode()
        assert m1.id_number not in page
        assert m1.masked_id_number in page


def test_export_masks_ids_for_viewers(client, users, tree):
    client.force_login(users["viewer"])
    values = exported_cells(client)
    assert tree["m1"].masked_id_number in values
    assert tree["m1"].id_number not in values
    client.force_login(users["staff"])
    assert tree["m1"].id_number in exported_cells(client)


def test_member_list_search_and_filters(client, users, tree):
    client.force_login(users["staff"])
    page = client.get(reverse("members:member_list"), {"q": "张三"}).content.decode()
    assert "张三" in page
    assert "李四" not in page
    page = client.get(reverse("members:member_list"), {"status": "probationary"}).content.decode()
    assert "李四" in page
    assert "张三" not in page
    # 王五 is under another committee: never listed for this staff member.
    assert "王五" not in client.get(reverse("members:member_list")).content.decode()


def test_branch_page_shows_term_due_and_sizing(client, users, tree):
    client.force_login(users["secretary"])
    page = client.get(reverse("branches:organisation_detail", args=[tree["b1"].pk]))
    text = page.content.decode()
    assert "第2届" in text
    assert "2026-01-01" in text
    assert "已超期" in text or "即将到期" in text
    assert "不足3人" in text  # one full member only


def test_member_create_edit_and_transfer(client, users, tree):
    client.force_login(users["staff"])
    b1, b2 = tree["b1"], tree["b2"]
    number = make_id_number("110105", date(1988, 8, 8), 7)
    data = {
        "name": "新党员",
        "gender": "female",
        "ethnicity": "汉族",
        "birth_date": "",
        "education": "bachelor",
        "phone": "",
        "id_number": number,
        "joined_on": "2015-06-01",
        "full_member_on": "2016-06-01",
        "status": "full",
        "rights": "normal",
        "party_probation_until": "",
    }
    response = client.post(reverse("members:member_create", args=[b1.pk]), data)
    member = Member.objects.get(id_number=number)
    assert response.status_code == 302
    assert member.birth_date == date(1988, 8, 8)

    bad = {**data, "status": "probationary", "id_number": number[:-1] + "0"}
    response = client.post(reverse("members:member_edit", args=[member.pk]), bad)
    assert response.status_code == 200
    text = response.content.decode()
    assert "预备党员不应有转正日期" in text or "校验位" in text
    member.refresh_from_db()
    assert member.status == "full"

    response = client.post(
        reverse("members:member_transfer", args=[member.pk]),
        {"to_branch": b2.pk, "transferred_on": "2026-11-01", "reason": "工作调动"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.branch == b2
    assert Transfer.objects.get(member=member).reason == "工作调动"


def test_transfer_target_outside_management_is_rejected(client, users, tree):
    client.force_login(users["staff"])
    response = client.post(
        reverse("members:member_transfer", args=[tree["m1"].pk]),
        {"to_branch": tree["b3"].pk, "transferred_on": "2026-11-01"},
    )
    assert response.status_code == 200
    tree["m1"].refresh_from_db()
    assert tree["m1"].branch == tree["b1"]


def test_organisation_create_edit_move_and_term(client, users, tree):
    client.force_login(users["staff"])
    response = client.post(
        reverse("branches:organisation_create", args=[tree["a"].pk]),
        {"kind": "branch", "code": "NEW", "name": "新支部", "category": "", "is_active": "on"},
    )
    assert response.status_code == 200  # a branch needs a category
    assert "必须选择支部类别" in response.content.decode()
    client.post(
        reverse("branches:organisation_create", args=[tree["a"].pk]),
        {
            "kind": "branch",
            "code": "NEW",
            "name": "新支部",
            "category": "school",
            "is_active": "on",
        },
    )
    new = Organisation.objects.get(code="NEW")
    assert new.parent == tree["a"]
    client.post(reverse("branches:organisation_move", args=[new.pk]), {"new_parent": tree["g"].pk})
    new.refresh_from_db()
    assert new.parent == tree["g"]
    assert new.path.startswith(tree["g"].path)
    response = client.post(
        reverse("branches:term_create", args=[new.pk]),
        {
            "start_date": "2026-10-01",
            "planned_end": "",
            "note": "",
            "posts-TOTAL_FORMS": "2",
            "posts-INITIAL_FORMS": "0",
            "posts-0-post": "secretary",
            "posts-0-member": "",
            "posts-0-person_name": "赵书记",
            "posts-1-post": "",
            "posts-1-member": "",
            "posts-1-person_name": "",
        },
    )
    assert response.status_code == 302
    term = new.current_term()
    assert term.planned_end == date(2029, 10, 1)
    assert [p.person_name for p in term.posts.all()] == ["赵书记"]


def test_web_import_flow(client, users, tree):
    client.force_login(users["staff"])
    header = [c.header for c in COLUMNS]
    number = make_id_number("110105", date(1991, 2, 3), 55)
    row = ["B1", "网页导入", "女", "汉族", "", "", "", number, "2015-01-01", "2016-01-01",
           "正式党员", "", ""]  # fmt: skip
    upload = io.BytesIO(xlsx_bytes([row], header))
    upload.name = "名册.xlsx"
    response = client.post(
        reverse("members:import_upload"), {"organisation": tree["a"].pk, "file": upload}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.DONE
    assert Member.objects.filter(id_number=number, branch=tree["b1"]).exists()
    status = client.get(reverse("members:import_status", args=[job.pk])).json()
    assert status["finished"]
    assert status["percent"] == 100
    assert "导入完成" in client.get(job.get_absolute_url()).content.decode()


def test_web_import_rejects_bad_rows_with_a_table(client, users, tree):
    client.force_login(users["staff"])
    header = [c.header for c in COLUMNS]
    row = ["B1", "错", "女", "汉族", "", "", "", "123", "2015-99-01", "", "正式党员", "", ""]
    upload = io.BytesIO(xlsx_bytes([row], header))
    upload.name = "bad.xlsx"
    client.post(reverse("members:import_upload"), {"organisation": tree["a"].pk, "file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.REJECTED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "身份证号应为18位" in page
    assert "不是有效日期" in page
    assert "未保存任何数据" in page
    assert Member.objects.count() == 3


def test_web_import_refuses_non_xlsx_upload(client, users, tree):
    client.force_login(users["staff"])
    upload = io.BytesIO(b"a,b,c")
    upload.name = "roster.csv"
    response = client.post(
        reverse("members:import_upload"), {"organisation": tree["a"].pk, "file": upload}
    )
    assert response.status_code == 200
    assert "只能导入 .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_import_scope_must_be_managed(client, users, tree):
    client.force_login(users["staff"])
    upload = io.BytesIO(xlsx_bytes([["x"]]))
    upload.name = "a.xlsx"
    response = client.post(
        reverse("members:import_upload"), {"organisation": tree["other"].pk, "file": upload}
    )
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_an_import_cut_off_is_reported_as_failed(client, users, tree):
    """Regression: a job whose worker died stayed 'pending' and its page polled forever."""
    from django.utils import timezone

    job = ImportJob.objects.create(
        organisation=tree["a"],
        created_by=users["staff"],
        original_name="x.xlsx",
        file="x.xlsx",
        created_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(users["staff"])
    status = client.get(reverse("members:import_status", args=[job.pk])).json()
    assert status["finished"]
    assert status["status"] == ImportStatus.FAILED
    assert "未保存任何数据" in status["message"]


def test_viewer_sees_birth_year_only(client, users, tree):
    """Regression: the full birth date beside a masked ID gave the masked digits away."""
    client.force_login(users["viewer"])
    page = client.get(reverse("members:member_detail", args=[tree["m1"].pk])).content.decode()
    assert tree["m1"].birth_date.strftime("%Y-%m-%d") not in page


def test_custom_404_page_is_in_chinese(client, users):
    client.force_login(users["viewer"])
    response = client.get("/organisations/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()

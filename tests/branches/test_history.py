"""Model history: every create, update and delete of a member, role, organisation, term or rule
profile leaves a row saying who, when and which values changed, whatever path made the write."""

from __future__ import annotations

import io
from datetime import date

from django.urls import reverse

from branches import services
from branches.models import ChangeKind, ModelChange, Organisation, Role, RoleKind, Term
from elections.models import RuleProfile
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.models import Member, mask_id_number
from members.services import member_update
from tests.conftest import make_member, xlsx_bytes


def rows_for(obj, pk=None) -> list[ModelChange]:
    """`pk` for a deleted object, whose own pk Django has set to None."""
    rows = ModelChange.objects.filter(model=obj._meta.label_lower, object_id=str(pk or obj.pk))
    return list(rows.order_by("id"))


def test_a_web_edit_records_the_user_and_the_changed_values(client, users, tree):
    """The request's user is the actor: set by the middleware, not passed by the service."""
    b1 = tree["b1"]
    client.force_login(users["staff"])
    response = client.post(
        reverse("branches:organisation_edit", args=[b1.pk]),
        {"kind": "branch", "code": "B1", "name": "第一党支部（新）", "category": "organ",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    change = rows_for(b1)[-1]
    assert (change.kind, change.actor, change.actor_name) == ("update", users["staff"], "staff")
    assert change.changes == {"name": ["第一党支部", "第一党支部（新）"]}


def test_member_history_masks_the_id_number_and_skips_bookkeeping(tree):
    member = make_member(tree["b1"], name="孙八")
    created = rows_for(member)[0]
    assert created.kind == ChangeKind.CREATE
    assert created.actor is None  # no request: a command or the shell
    assert created.changes["name"] == [None, "孙八"]
    assert created.changes["id_number"] == [None, mask_id_number(member.id_number)]
    assert "updated_at" not in created.changes

    new_id = make_id_number("110105", member.birth_date, 77)
    member_update(actor=None, member=member, phone="13900000000", id_number=new_id)
    updated = rows_for(member)[-1]
    assert updated.changes == {
        "phone": ["", "13900000000"],
        "id_number": [mask_id_number(member.id_number), mask_id_number(new_id)],
    }
    assert new_id not in str(updated.changes)


def test_a_save_that_changes_nothing_writes_no_row(tree):
    member = tree["m1"]
    before = ModelChange.objects.count()
    member.save()
    member.save(update_fields=["updated_at"])
    assert ModelChange.objects.count() == before


def test_an_unsaved_instance_given_an_existing_pk_is_recorded_as_an_update(tree):
    """Django updates the row in place; the old values are not known, the new ones are kept."""
    term = Term.objects.get(organisation=tree["b1"])
    Term(pk=term.pk, organisation=tree["b1"], number=2, start_date=term.start_date,
         planned_end=date(2026, 6, 1)).save()  # fmt: skip
    change = rows_for(term)[-1]
    assert change.kind == "update"
    assert change.changes["planned_end"] == [None, "2026-06-01"]


def test_terms_roles_and_rule_profiles_are_recorded_through_deletion(users, tree):
    b1 = tree["b1"]
    term = services.term_start(actor=None, organisation=b1, start_date=date(2025, 6, 1))
    role = Role.objects.create(user=users["norole"], organisation=b1, role=RoleKind.VIEWER)
    profile = RuleProfile.objects.create(organisation=b1, publicity_days=7)
    profile.publicity_days = 6
    profile.save()
    assert [r.kind for r in rows_for(profile)] == ["create", "update"]
    assert rows_for(profile)[-1].changes == {"publicity_days": [7, 6]}
    assert rows_for(term)[0].changes["number"] == [None, 3]
    previous = Term.objects.get(organisation=b1, number=2)
    assert rows_for(previous)[-1].changes == {"actual_end": [None, "2025-06-01"]}

    role_pk = role.pk
    role.delete()
    deleted = rows_for(role, role_pk)[-1]
    assert deleted.kind == "delete"
    assert deleted.changes["role"] == ["viewer", None]


def test_a_moved_organisation_records_its_new_parent(tree):
    g, b1 = tree["g"], tree["b1"]
    services.organisation_move(actor=None, organisation=b1, new_parent=g)
    assert rows_for(b1)[-1].changes == {"parent": [tree["a"].pk, g.pk]}


def test_the_bulk_import_records_each_created_and_updated_member(tree, users):
    header = [c.header for c in COLUMNS]

    def sheet(phone: str) -> bytes:
        values = {c.header: "" for c in COLUMNS}
        values.update(
            {"支部代码": "B1", "姓名": "周九", "性别": "男", "民族": "汉族",
             "身份证号": make_id_number("110105", date(1985, 3, 4), 11), "入党日期": "2010-07-01",
             "转正日期": "2011-07-01", "党员类别": "正式党员", "权利状态": "正常",
             "联系电话": phone}
        )  # fmt: skip
        return xlsx_bytes([[values[h] for h in header]], header)

    for phone in ("13800000000", "13800000001"):
        result = member_import(
            source=io.BytesIO(sheet(phone)), scope=tree["a"], actor=users["staff"]
        )
        assert result.ok, result.errors
    member = Member.objects.get(name="周九")
    created, updated = rows_for(member)
    assert (created.kind, created.actor, created.object_repr) == ("create", users["staff"], "周九")
    assert created.changes["branch"] == [None, tree["b1"].pk]
    assert updated.kind == "update"
    assert updated.changes == {"phone": ["13800000000", "13800000001"]}


def test_deleting_an_organisation_records_what_went_with_it(tree):
    org = Organisation.objects.create(
        name="撤销党支部", code="GONE", kind="branch", category="organ", parent=tree["a"]
    )
    term = Term.objects.create(
        organisation=org, number=1, start_date=date(2024, 1, 1), planned_end=date(2027, 1, 1)
    )
    org_pk, term_pk = org.pk, term.pk
    org.delete()
    assert [r.kind for r in rows_for(org, org_pk)] == ["create", "delete"]
    assert rows_for(org, org_pk)[-1].changes["code"] == ["GONE", None]
    assert [r.kind for r in rows_for(term, term_pk)] == ["create", "delete"]

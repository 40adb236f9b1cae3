"""Issue 16: the bulk writers store what the ORM would, give ids, and leave the sequences right."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from branches.bulk import insert_objects, insert_rows, update_objects
from branches.models import ChangeKind, ModelChange
from members.idcard import make_id_number
from members.models import Member, MemberNameKey, MemberStatus, RightsStatus
from tests.conftest import make_member


def _member(branch, n: int) -> Member:
    birth = date(1970, 1, 1 + n)
    return Member(
        name=f"批量{n}",
        gender="female",
        birth_date=birth,
        id_number=make_id_number("330102", birth, n),
        joined_on=date(2000, 7, 1),
        full_member_on=date(2001, 7, 1),
        status=MemberStatus.FULL,  # an Enum: stored by its value
        rights=RightsStatus.NORMAL,
        branch=branch,
    )


def test_inserted_objects_read_back_as_saved(tree):
    with transaction.atomic():
        made = [_member(tree["b1"], n) for n in range(3)]
        insert_objects(Member, made)
    assert all(m.pk for m in made)
    assert not made[0]._state.adding
    stored = Member.objects.get(pk=made[1].pk)
    assert (stored.name, stored.status, stored.rights) == ("批量1", "full", "normal")
    assert stored.birth_date == date(1970, 1, 2)
    assert stored.branch == tree["b1"]
    assert stored.updated_at is not None  # auto_now
    later = make_member(tree["b1"], name="后来者")  # the database's own numbering follows
    assert later.pk > max(m.pk for m in made)


def test_inserted_rows_prepare_json_and_dates(tree, users):
    now = timezone.now()
    member = tree["m1"]
    insert_rows(
        ModelChange,
        ("at", "actor", "actor_name", "model", "object_id", "object_repr", "kind", "changes"),
        [
            (
                now,
                users["staff"].pk,
                "王",
                "members.member",
                str(member.pk),
                "张三",
                "update",
                {"phone": ["1", "2"], "note": "a\tb\\c\n"},
            )
        ],
    )
    row = ModelChange.objects.get(object_id=str(member.pk), kind=ChangeKind.UPDATE)
    assert row.changes == {"phone": ["1", "2"], "note": "a\tb\\c\n"}
    assert row.actor == users["staff"]
    assert abs((row.at - now).total_seconds()) < 1
    insert_rows(MemberNameKey, ("member", "key"), [(member.pk, "zzz")])
    assert "zzz" in set(member.name_keys.values_list("key", flat=True))


def test_updated_objects_keep_other_fields(tree):
    member = Member.objects.get(pk=tree["m1"].pk)
    before = member.updated_at
    member.phone = "13900000000"
    member.status = MemberStatus.PROBATIONARY
    member.full_member_on = None
    member.name = "改名"  # not in the fields saved
    update_objects(Member, [member], ["phone", "status", "full_member_on", "updated_at"])
    stored = Member.objects.get(pk=member.pk)
    assert (stored.phone, stored.status, stored.full_member_on) == (
        "13900000000",
        "probationary",
        None,
    )
    assert stored.name == "张三"
    assert stored.updated_at > before


def test_one_write_stamps_its_rows_alike_and_converts_every_distinct_value(tree, users):
    """auto_now fields get one time for the whole write (converted once); values that differ
    row by row are each converted (the converter remembers only its last value)."""
    with transaction.atomic():
        made = [_member(tree["b1"], n) for n in range(4)]
        insert_objects(Member, made)
    stamps = set(Member.objects.filter(pk__in=[m.pk for m in made]).values_list("updated_at"))
    assert len(stamps) == 1
    assert made[0].updated_at == made[3].updated_at == stamps.pop()[0]
    shared = {"phone": ["1", "2"]}
    times = [timezone.now(), timezone.now() + timedelta(hours=1)]
    insert_rows(
        ModelChange,
        ("at", "actor_name", "model", "object_id", "object_repr", "kind", "changes"),
        [
            (times[0], "", "members.member", "1", "甲", "update", shared),
            (times[0], "", "members.member", "2", "乙", "update", {"phone": ["3", "4"]}),
            (times[1], "", "members.member", "3", "丙", "update", shared),
        ],
    )
    rows = {r.object_id: r for r in ModelChange.objects.filter(object_repr__in=["甲", "乙", "丙"])}
    assert [rows[k].changes["phone"] for k in "123"] == [["1", "2"], ["3", "4"], ["1", "2"]]
    assert rows["1"].at == rows["2"].at == times[0]
    assert rows["3"].at == times[1]

"""The migration to numbered notices moves each renewal's one notice (its dates, contact details,
candidates, PDF and objections) into notice number 1, and back."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import make_member, make_org

BEFORE = [("elections", "0011_notice_contact")]
AFTER = [("elections", "0012_notice_editions")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_notice_on_the_renewal_becomes_notice_number_one():
    branch = make_org("M1", "branch")
    member = make_member(branch, name="张三")
    apps = _migrate(BEFORE)
    renewal = apps.get_model("elections", "Renewal").objects.create(
        branch_id=branch.pk, phase="publicise", notice_start=date(2026, 5, 6),
        notice_end=date(2026, 5, 10), notice_phone="0571-87012345", notice_address="组织科",
    )  # fmt: skip
    nominee = apps.get_model("elections", "Nominee").objects.create(
        renewal=renewal, member_id=member.pk, on_list=True, approved=True
    )
    objection = apps.get_model("elections", "Objection").objects.create(
        renewal=renewal, nominee=nominee, text="意见", sender_hash="x"
    )

    apps = _migrate(AFTER)
    notice = apps.get_model("elections", "Notice").objects.get(renewal_id=renewal.pk)
    assert (notice.kind, notice.number) == ("candidates", 1)
    assert (notice.start, notice.end) == (date(2026, 5, 6), date(2026, 5, 10))
    assert (notice.phone, notice.address) == ("0571-87012345", "组织科")
    assert notice.people == [{"id": nominee.pk, "name": "张三"}]
    assert apps.get_model("elections", "Objection").objects.get(pk=objection.pk).notice_id == (
        notice.pk
    )

    apps = _migrate(BEFORE)
    back = apps.get_model("elections", "Renewal").objects.get(pk=renewal.pk)
    assert (back.notice_start, back.notice_end) == (date(2026, 5, 6), date(2026, 5, 10))
    assert back.notice_phone == "0571-87012345"
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("elections"))

"""The single global `max_age` of existing profiles keeps its meaning as one hard rule."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("elections", "0013_late_changes")]
AFTER = [("elections", "0014_eligibility_rules_negative_list")]


@pytest.mark.django_db(transaction=True)
def test_max_age_becomes_one_hard_rule_for_everybody():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation = old.get_model("branches", "Organisation")
    org = Organisation.objects.create(code="M", name="迁移", kind="committee", path="/")
    old.get_model("elections", "RuleProfile").objects.create(organisation=org, max_age=55)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    profile = new.get_model("elections", "RuleProfile").objects.get(organisation_id=org.pk)
    assert profile.eligibility_rules == [
        {"kind": "max_age", "limit": 55, "post": None, "sex": None, "nomination": None,
         "in_principle": False}
    ]  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

"""The archive's audit CSV is Chinese throughout: column names, each action's name, and each
person's real name rather than their login."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

from django.utils import translation

from branches.models import AuditEvent
from elections.documents.archive import audit_csv
from elections.selectors.audit import ACTION_LABELS, changes_text
from elections.workflow.transitions import TRANSITIONS
from tests.conftest import rewriting_audit

ELECTIONS = Path(__file__).resolve().parents[2] / "elections"


def rows_of(renewal) -> list[list[str]]:
    return list(csv.reader(io.StringIO(audit_csv(renewal).decode("utf-8-sig"))))


def test_columns_actions_and_people_are_named_in_chinese(users, planned):
    secretary = users["secretary"]
    secretary.last_name, secretary.first_name = "李", "书记"
    secretary.save()
    rows = rows_of(planned)
    assert rows[0] == ["时间", "操作人", "操作", "摘要", "变更"]
    actions = [row[2] for row in rows[1:]]
    assert actions[:2] == ["启动换届", "修改换届方案"]
    assert {row[1] for row in rows[1:]} == {"李书记"}  # not the login "secretary"


def test_a_deleted_account_keeps_the_name_recorded_then(users, planned):
    with rewriting_audit():
        AuditEvent.objects.filter(actor=users["secretary"]).update(actor=None, actor_name="王组织")
    assert {row[1] for row in rows_of(planned)[1:]} == {"王组织"}


def test_the_csv_is_chinese_in_an_english_session(users, planned):
    with translation.override("en"):
        rows = rows_of(planned)
    assert rows[0][0] == "时间"
    assert rows[1][2] == "启动换届"


def _recorded_actions() -> set[str]:
    """Every constant action given to record_event (or record_branch_event) in the app's code."""
    found = set()
    for path in ELECTIONS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ("record_event", "record_branch_event"):
                continue
            for keyword in node.keywords:
                if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                    found.add(keyword.value.value)
    return found


def test_every_recorded_action_has_a_chinese_name():
    """record_event's actions and the phase moves (move() records the transition's name)."""
    recorded = _recorded_actions() | set(TRANSITIONS)
    assert len(recorded) > 30  # the scan found the services
    assert sorted(recorded - set(ACTION_LABELS)) == []
    assert sorted(set(ACTION_LABELS) - recorded) == []  # no name left for an action gone


def test_phase_moves_are_named_as_the_workflow_names_them():
    with translation.override("zh-hans"):
        assert {n: str(t.label) for n, t in TRANSITIONS.items()} == {
            n: ACTION_LABELS[n] for n in TRANSITIONS
        }


def test_the_changes_column_is_written_in_words_not_as_data(users, planned):
    """Regression: the 变更 column held the raw JSON of each event ({"phase": [null, …]})."""
    rows = rows_of(planned)
    changes = {row[2]: row[4] for row in rows[1:]}
    assert changes["启动换届"] == "阶段：（空） → 筹备"
    assert "→" in changes["修改换届方案"]
    assert "{" not in changes["修改换届方案"]
    assert all("{" not in row[4] and '"' not in row[4] for row in rows[1:])


def test_changes_text_names_keys_values_and_pairs():
    assert changes_text({}) == ""
    assert changes_text({"phase": ["vote", "approve"], "reason": "差额不足"}) == (
        "阶段：选举 → 报批；理由：差额不足"
    )
    handover = {"handover": [{"item": "seals", "handed_by": "张三", "received_by": "李四"}]}
    assert changes_text(handover) == "工作交接：事项：印章，移交人：张三，接收人：李四"
    assert changes_text({"seats": ["5", "7"]}) == "委员名额：5 → 7"

"""The renewal's audit trail as the archive prints it: each action's Chinese name, each person's
real name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from branches.models import AuditEvent
from elections.models import Phase, Renewal
from elections.selectors.archive import HANDOVER_ITEMS, OWN_ITEM

#: Every action the election code records (record_event, the phase moves of move() and the audit
#: events of settings and campaigns), named as the archive's CSV names it. A test checks that every
#: action the code records is here.
ACTION_LABELS: dict[str, str] = {
    # Phase moves (elections/workflow/transitions.py), with the transitions' own labels.
    "submit_request": "提交换届请示",
    "approve_request": "批复同意换届",
    "return_request": "退回请示",
    "submit_list": "报送候选人初步人选",
    "approve_list": "同意候选人预备人选",
    "return_list": "退回候选人初步人选",
    "finish_notice": "公示结束，进入选举",
    "back_to_vet": "候选人退出后差额不足，退回审查",
    "vote_back_to_vet": "选举前候选人退出后差额不足，退回审查",
    "return_elected_invalid": "当选无效，另行选举",
    "submit_result": "报送选举结果报告",
    "approve_result": "批复选举结果",
    "return_result": "退回选举结果报告",
    "seal": "封存归档",
    "cancel": "取消换届",
    "reopen": "恢复换届",
    # Prepare.
    "renewal_open": "启动换届",
    "renewal_update_plan": "修改换届方案",
    "exclusion_add": "申请不计入应到会人数",
    "exclusion_decide": "审批不计入应到会人数",
    "exclusion_withdraw": "撤回不计入应到会人数的申请",
    "census_recount": "重新核算应到会人数",
    "roll_confirm": "确认党员名册变动",
    "exclusions_meeting_vote": "党员大会表决不计入应到会人数",
    # Recommend and vet.
    "recommendation_record": "登记推荐会议",
    "nominee_save": "登记被推荐人",
    "nominee_remove": "删除被推荐人",
    "nominee_set_on_list": "调整初步人选名单",
    "list_apply_proposal": "按推荐结果确定初步人选",
    "nominee_review": "审查候选人",
    # Publicise.
    "notice_publish": "发布公示",
    "objection_submit": "收到公示意见",
    "objection_resolve": "处理公示意见",
    "candidate_withdraw": "候选人退出",
    # The delegates' congress (a base committee's renewal by delegates).
    "congress_allot": "拟定党员代表名额分配",
    "congress_drop": "改为召开党员大会",
    "unit_seats_change": "调整选举单位代表名额",
    "congress_approve_allotment": "批准代表名额分配",
    "delegate_election_record": "录入选举单位代表选举结果",
    "unit_candidates_set": "确定选举单位代表候选人",
    "delegate_credentials_check": "代表资格审查",
    "congress_sign_in": "党员代表大会签到",
    # Vote.
    "meeting_update": "修改会议信息",
    "meeting_notice_issue": "发出会议通知",
    "meeting_staff_set": "确定监票人、计票人",
    "candidates_confirm": "确定正式候选人",
    "method_adopt": "通过选举办法",
    "attendance_set": "签到",
    "meeting_adjourn": "休会改期",
    "round_open": "开始投票",
    "round_record_returned": "登记收回选票",
    "ballot_save": "录入选票",
    "ballot_delete": "删除选票",
    "totals_save": "录入汇总票数",
    "round_close": "确认计票结果",
    "seats_reduce": "减少应选名额",
    "duties_set": "确定委员分工",
    # Approve.
    "write_in_check": "审查另选当选人资格",
    "elected_invalidate": "宣布当选无效",
    # Filing upward (elections/services/filing.py).
    "filing_submit": "报送上级备案",
    "filing_acknowledge": "上级确认备案",
    # Archive.
    "archive_save": "填写换届工作总结和工作交接",
    # A delay or an early renewal (against the branch: record_branch_event).
    "renewal_shift_request": "申请延期或提前换届",
    "renewal_shift_decide": "审批延期或提前换届申请",
    "renewal_shift_withdraw": "撤回延期或提前换届申请",
    # Settings of an organisation (audited with branches.services.audit).
    "document_settings_save": "修改发文字号设置",
    "rule_profile_save": "修改选举规则",
    "rule_profile_delete": "改为沿用上级的选举规则",
    # Campaigns (集中换届).
    "campaign_risk_set": "风险研判",
    # Campaigns (集中换届), recorded against the campaign (record_campaign_event).
    "campaign_create": "制定集中换届工作计划",
    "campaign_update": "修改集中换届工作计划",
    "campaign_scope_add": "纳入换届范围",
    "campaign_scope_remove": "移出换届范围",
    "campaign_launch": "启动集中换届",
    "campaign_launch_request": "提交集中换届启动",
    "congress_report_vote": "党员代表大会表决工作报告",
}


def action_label(action: str) -> str:
    """The action's Chinese name; an unknown code is shown as recorded rather than hidden."""
    return ACTION_LABELS.get(action, action)


def renewal_events(renewal: Renewal) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(target_type="elections.renewal", target_id=str(renewal.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )


def person_name(event: AuditEvent) -> str:
    """The person's real name: the account's full name (a Chinese name surname first, without a
    space), else the name recorded at the time."""
    full = ""
    user = event.actor
    if user is not None:
        first, last = user.first_name.strip(), user.last_name.strip()
        full = user.get_full_name() if (first + last).isascii() else last + first
    return full or event.actor_name or "—"


#: Names of the keys services record in an event's changes, beside the renewal's own fields
#: (named by their verbose names).
CHANGE_LABELS: dict[str, str] = {
    "phase": "阶段",
    "reason": "理由",
    "note": "说明",
    "held_on": "会议日期",
    "expected": "应到会人数",
    "added": "新增",
    "removed": "移出",
    "outcome": "结果",
    "kind": "类别",
    "formal": "正式候选人",
    "reset": "重新计算",
    "handover": "工作交接",
    "elected": "当选人",
    "negative_list_failed": "负面清单未通过项",
    "waivers": "资格条件豁免",
    "supplementary_field": "补充投票",
    "top_n": "前几名",
    "candidates": "候选人",
    "rows": "行数",
    "created": "新增",
    "updated": "更新",
    "fields": "字段",
    "posts": "职务",
    "parent": "上级组织",
    "branch": "所在支部",
    "item": "事项",
    "label": "事项名称",
    "handed_by": "移交人",
    "received_by": "接收人",
    "filing": "备案编号",
}


HANDOVER_LABELS = dict(HANDOVER_ITEMS) | {OWN_ITEM: "其他"}


def _label(key: str) -> str:
    if key in CHANGE_LABELS:
        return CHANGE_LABELS[key]
    try:
        return str(Renewal._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def _value(value: Any, key: str = "") -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "phase" and value in Phase.values:
        return str(Phase(value).label)
    if key == "item" and value in HANDOVER_LABELS:
        return str(HANDOVER_LABELS[value])
    if isinstance(value, dict):
        return "，".join(f"{_label(k)}：{_value(v, k)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_value(v, key) for v in value) if value else "（无）"
    return str(value)


def changes_text(changes: dict[str, Any] | None) -> str:
    """An event's recorded changes in words: each key by its Chinese name, a pair [before,
    after] as "before → after", a phase by its name; nothing recorded gives an empty text."""
    parts = []
    for key, value in (changes or {}).items():
        pair = isinstance(value, list) and len(value) == 2 and key not in ("added", "removed")
        if pair and not any(isinstance(v, list | dict) for v in value):
            parts.append(f"{_label(key)}：{_value(value[0], key)} → {_value(value[1], key)}")
            continue
        parts.append(f"{_label(key)}：{_value(value, key)}")
    return "；".join(parts)

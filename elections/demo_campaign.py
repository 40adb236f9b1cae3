"""The demo's campaign (集中换届): 区直机关党委 renews its branches on one timetable.

The campaign started 30 days ago and ends in 30, its deadlines spread back from the end date
(倒排工期). The demo's renewals, opened today, stand at every phase, so the board shows steps
done late, steps late, and steps running on time; 档案馆党支部 has an approved delay past the
campaign's end, so it is measured against its own moved timetable; 离退休干部党支部's renewal is
sealed: finished.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from branches.models import Organisation
from elections.domain.timetable import spread_backwards
from elections.models import Campaign, CampaignBranch, Phase, ShiftKind
from elections.selectors.rules import rules_for
from elections.services.campaign import campaign_create, campaign_launch, campaign_scope_add
from elections.services.shifts import renewal_shift_decide, renewal_shift_request

TITLE = "区直机关党委2026年基层党组织集中换届"


def seed_campaign(*, staff, approver) -> Campaign | None:
    """The campaign, launched by 王组织员 (zuzhi); 张审批 (shenpi) approves (idempotent)."""
    organs = Organisation.objects.get(code="JG")
    if Campaign.objects.filter(organisation=organs, title=TITLE).exists():
        return None
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today + timedelta(days=30)
    spread = spread_backwards(start=start, end=end, rules=rules_for(organs))
    campaign = campaign_create(
        actor=staff,
        organisation=organs,
        title=TITLE,
        starts_on=start,
        ends_on=end,
        deadlines=spread.deadlines,
        targets={"secretary_under_45": 45, "women": 30, "college": 80, "pledges": 100},
        note="按照区委组织部统一部署，3月下旬开始，至4月底结束。",
    )
    # 档案馆党支部 asks to renew after the campaign, and the committee agrees.
    archives = Organisation.objects.get(code="JG-10")
    shift = renewal_shift_request(
        actor=staff,
        branch=archives,
        kind=ShiftKind.DELAY,
        new_date=today + timedelta(days=100),
        reason="馆藏数字化专项工作集中攻坚，党员大部分时间在外地库房工作。",
    )
    renewal_shift_decide(actor=approver, shift=shift, approve=True, note="同意延期。")
    # The branches already renewing join the campaign's timetable; so do the high school's
    # branch (its term ends later, it renews with its general branch) and 档案馆党支部 (delayed).
    joining = {
        "JG-01": "已启动换届，纳入统一部署",
        "JG-02": "已启动换届，纳入统一部署",
        "JG-03": "已启动换届，纳入统一部署",
        "JG-06": "已启动换届，纳入统一部署",
        "JG-07": "已启动换届，纳入统一部署",
        "JG-09": "已启动换届，纳入统一部署",
        "JG-10": "任期届满在本次换届期间，经批准延期",
        "JG-11": "随第一中学党总支一并换届",
    }
    for code, reason in joining.items():
        branch = Organisation.objects.get(code=code)
        if not campaign.entries.filter(branch=branch, included=True).exists():
            campaign_scope_add(actor=staff, campaign=campaign, branch=branch, reason=reason)
    campaign_launch(actor=staff, campaign=campaign)
    # 离退休干部党支部 renewed and sealed its archive early in the campaign: finished. Its entry is
    # added after the launch, with the sealed renewal it tracks, so the launch starts nothing.
    retired = Organisation.objects.get(code="JG-08")
    sealed = retired.renewals.filter(phase=Phase.ARCHIVE, sealed_at__isnull=False).first()
    if sealed is not None:
        campaign_scope_add(
            actor=staff, campaign=campaign, branch=retired, reason="已于本次换届期间完成换届"
        )
        CampaignBranch.objects.filter(campaign=campaign, branch=retired).update(renewal=sealed)
    return campaign

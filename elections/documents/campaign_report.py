"""The campaign report (集中换届工作情况报告) as PDF, from the selector's CampaignReport; always in
Chinese, as every official document."""

from __future__ import annotations

from datetime import date
from typing import Any

from branches.official import official
from elections.documents.common import chinese_date
from elections.documents.pdf import render_pdf
from elections.domain.timetable import State
from elections.models import Campaign
from elections.selectors.campaign_report import CampaignReport, campaign_report

#: The progress table's columns: (state, heading).
STATE_COLUMNS = (
    (State.DONE, "按时完成"),
    (State.DONE_LATE, "逾期完成"),
    (State.RUNNING, "进行中"),
    (State.LATE, "逾期未完成"),
    (State.NOT_STARTED, "未开始"),
)


def report_context(report: CampaignReport) -> dict[str, Any]:
    campaign = report.campaign
    members, secretaries = report.members, report.secretaries
    # (label, the committees' figure, the secretaries' figure), each shown with its share.
    counted = [
        ("女性", members.women, secretaries.women),
        *(
            (label, n, s)
            for (label, n), (_label, s) in zip(members.ages, secretaries.ages, strict=True)
        ),
        ("大专及以上学历", members.college, secretaries.college),
    ]
    structure_rows = [
        {"label": "人数", "members": members.total, "secretaries": secretaries.total},
        *(
            {
                "label": label,
                "members": f"{n}（{members.share(n)}）",
                "secretaries": f"{s}（{secretaries.share(s)}）",
            }
            for label, n, s in counted
        ),
        {
            "label": "平均年龄（岁）",
            "members": members.average_age or "—",
            "secretaries": secretaries.average_age or "—",
        },
    ]
    return {
        "r": report,
        "campaign": campaign,
        "org": campaign.organisation,
        "superior": campaign.organisation.parent,
        "start": chinese_date(campaign.starts_on),
        "end": chinese_date(campaign.ends_on),
        "today": chinese_date(report.today),
        "columns": [heading for _state, heading in STATE_COLUMNS],
        "steps": [
            {
                "label": row.label,
                "deadline": f"{row.deadline.month}月{row.deadline.day}日" if row.deadline else "—",
                "counts": [row.counts.get(state.value, 0) for state, _h in STATE_COLUMNS],
            }
            for row in report.steps
        ],
        "structure": structure_rows,
        "pending_filings": [f for f in report.filings if not f.acknowledged_at],
    }


@official
def campaign_report_pdf(campaign: Campaign, *, today: date | None = None) -> bytes:
    """Read and printed in Chinese: the report's labels (steps, risk levels) are its words."""
    report = campaign_report(campaign, today=today)
    return render_pdf("pdf/campaign_report.html", report_context(report))

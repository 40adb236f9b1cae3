"""What a campaign's launch tells: each started organisation's secretaries, by mail (deferred
to the job worker) and as a notice kept for the renewal's page (CampaignReminder, kind launch)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from elections.models import Campaign, CampaignBranch, CampaignReminder, CampaignStep, ReminderKind
from elections.selectors.campaign import secretaries_of
from elections.services.notifications import absolute_url, mail_people


def timetable_text(campaign: Campaign) -> str:
    """The timetable as a mail lists it: one line a step."""
    deadlines = campaign.deadline_map()
    return "\n".join(
        f"{CampaignStep(step).label}：{deadlines[step]:%Y年%m月%d日}前完成"
        for step in CampaignStep.values
        if step in deadlines
    )


def tell_secretaries(campaign: Campaign, started: list[CampaignBranch]) -> int:
    """Mail each started organisation's secretaries (after the commit, by the job worker); the
    notice is kept, and shown on the renewal's page."""
    secretaries = secretaries_of([e.branch_id for e in started])
    today = timezone.localdate()
    mails, notices = 0, []
    for entry in started:
        subject = _("%(campaign)s：%(branch)s的换届已启动") % {
            "campaign": campaign.title,
            "branch": entry.branch.name,
        }
        url = entry.renewal.get_absolute_url()
        body = f"{subject}\n\n{timetable_text(campaign)}\n\n{absolute_url(url)}"
        sent = mail_people(secretaries.get(entry.branch_id, []), subject, body)
        notices.append(
            CampaignReminder(
                campaign=campaign,
                kind=ReminderKind.LAUNCH,
                entry=entry,
                sent_on=today,
                subject=subject,
                body=body,
                url=url,
                mails=sent,
            )
        )
        mails += sent
    CampaignReminder.objects.bulk_create(notices, batch_size=500)
    return mails

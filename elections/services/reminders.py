"""Daily reminders by email (a periodic job, elections.tasks): no state changes, so no audit.

- A branch whose term ends in exactly 90, 30 or 7 days and has no renewal under way: its
  secretary and the staff above it are reminded to start one. With an approved delay or early
  renewal, the days count to its date instead of the term's end.
- A submission that has waited for the superior (a request, the candidates, the result) for
  LATE_DAYS days, the age from which the dashboard marks it late (the rule profiles hold no
  waiting limit of their own), and again each LATE_DAYS days after: its approvers are reminded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action
from branches.models import Organisation
from elections.models import Phase, Renewal
from elections.selectors.dashboard import CLOSED, LATE_DAYS
from elections.services.notifications import absolute_url, mail_people, people_who_can

#: Days before the end of a term on which its branch is reminded.
DUE_REMINDER_DAYS = (90, 30, 7)


@dataclass
class Reminded:
    due: int = 0
    waiting: int = 0
    mails: int = 0


def send_reminders(today: date | None = None) -> Reminded:
    today = today or timezone.localdate()
    done = Reminded()
    ends = {today + timedelta(days=d): d for d in DUE_REMINDER_DAYS}
    # When the renewal is due: the term's end, or the date of an approved delay or early
    # renewal (renewal_due), as the dashboard's due lists count it; a general branch and a
    # committee renew too (issue 15).
    branches = (
        Organisation.objects.filter(is_active=True)
        .with_current_term()
        .filter(renewal_due__in=list(ends))
        .exclude(renewals__in=Renewal.objects.exclude(phase__in=CLOSED))
    )
    for branch in branches:
        due = branch.renewal_due
        days = ends[due]
        if branch.current_term_shift:
            shifted = "延期" if branch.current_term_shift == "delay" else "提前"
            subject = (
                f"{branch.name}经批准{shifted}换届，应于{days}天后（{due:%Y年%m月%d日}）前完成"
            )
        else:
            subject = f"{branch.name}本届任期将于{days}天后（{due:%Y年%m月%d日}）届满"
        body = f"{subject}，请及时启动换届。\n\n{absolute_url(branch.get_absolute_url())}"
        done.mails += mail_people(people_who_can(Action.WORK, branch), subject, body)
        done.due += 1
    waiting = Renewal.objects.filter(
        Q(awaiting_approval=True) | Q(phase=Phase.VET) | Q(phase=Phase.APPROVE, sealed_at=None)
    ).select_related("branch")
    for renewal in waiting:
        days = (today - timezone.localdate(renewal.phase_entered_at)).days
        if days < LATE_DAYS or days % LATE_DAYS:
            continue
        subject = _("%(branch)s的换届事项已等待上级处理%(days)d天") % {
            "branch": renewal.branch.name,
            "days": days,
        }
        body = f"{renewal}\n{subject}\n\n{absolute_url(renewal.get_absolute_url())}"
        done.mails += mail_people(people_who_can(Action.APPROVE, renewal.branch), subject, body)
        done.waiting += 1
    return done

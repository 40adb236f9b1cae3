"""State changes of the approve phase: the result report goes up, comes back approved or
returned."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action
from branches.services import term_start
from elections.models import DocumentKind, Renewal
from elections.selectors.archive import term_posts
from elections.services.documents import issue_document
from elections.services.notifications import notify_next
from elections.workflow.machine import move


@transaction.atomic
def renewal_submit_result(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="submit_result")
    issue_document(renewal, DocumentKind.RESULT_REPORT, actor=actor)
    notify_next(renewal, _("选举结果报告待批复"), Action.APPROVE)
    return renewal


@transaction.atomic
def renewal_approve_result(*, actor: Any, renewal: Renewal) -> Renewal:
    """R16: the superior approves the secretary and deputy (committee recorded or approved);
    the branch's new term starts with the elected committee and the previous one ends."""
    renewal = move(actor=actor, renewal=renewal, name="approve_result")
    issue_document(renewal, DocumentKind.RESULT_REPLY, actor=actor)
    term_start(
        actor=actor,
        organisation=renewal.branch,
        start_date=timezone.localdate(),
        posts=term_posts(renewal),
        note=_("经换届选举产生，上级批复于 %(d)s") % {"d": timezone.localdate()},
    )
    notify_next(renewal, _("选举结果已批复，请完成工作交接和总结归档"), Action.WORK)
    return renewal


@transaction.atomic
def renewal_return_result(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="return_result", reason=reason)
    notify_next(renewal, _("选举结果报告被退回：%(r)s") % {"r": reason}, Action.WORK)
    return renewal

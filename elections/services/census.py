"""The census after the request (R4): the roll fixed when the request goes up, a roll change
confirmed by the branch, the meeting's vote on exclusions, and the recount of E that every later
change of the census brings: logged on the renewal, audited, and the documents that printed E
issued again (the earlier ones stay in the record)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official_text
from elections.models import DocumentKind, Exclusion, Phase, Renewal
from elections.selectors.meeting import figures, meeting_held
from elections.selectors.prepare import (
    awaiting_meeting_vote,
    census,
    census_open,
    electorate,
    roll_changes,
)
from elections.services.documents import issue_document
from elections.services.notifications import notify_next
from elections.workflow.machine import lock, record_event, require, require_phase

#: The issued documents that print E, issued again when E changes.
PRINTS_EXPECTED = (DocumentKind.REQUEST, DocumentKind.METHOD)


def fixed_roll(renewal: Renewal) -> list[int]:
    """The branch's members now, as the roll E will be counted from."""
    members = electorate(renewal.branch).order_by("pk")
    return list(members.values_list("pk", flat=True))


def require_census_open(renewal: Renewal) -> None:
    if not census_open(renewal):
        raise ValidationError(_("党员大会已发出选票（或换届已结束），应到会人数不能再调整。"))


def _who(actor: Any) -> str:
    return (actor.get_full_name() or actor.get_username()) if actor else ""


@transaction.atomic
def census_recount(*, actor: Any, renewal: Renewal, before: int, why: str) -> int:
    """After a change of the census once the request went up: when E changed, log it on the
    renewal, audit it and issue again every document that printed it. Returns E now."""
    renewal = lock(renewal)
    after = census(renewal)["expected"]
    if renewal.roll is None or after == before:
        return after
    renewal.census_log = [
        *renewal.census_log,
        {"at": timezone.now().isoformat(), "from": before, "to": after, "why": why,
         "by": _who(actor)},
    ]  # fmt: skip
    renewal.save(update_fields=["census_log"])
    reissued = []
    for kind in PRINTS_EXPECTED:
        if renewal.documents.filter(kind=kind).exists():
            issue_document(renewal, kind, actor=actor, label=_("（应到会人数调整后重新形成）"))
            reissued.append(kind)
    record_event(
        renewal,
        actor=actor,
        action="census_recount",
        summary=official_text(
            gettext_lazy("应到会人数由 %(a)s 名调整为 %(b)s 名（%(why)s）%(docs)s"),
            a=before, b=after, why=why,
            docs=official_text(gettext_lazy("，已重新形成：%(d)s"),
                               d="、".join(str(DocumentKind(k).label) for k in reissued))
            if reissued else "",
        ),
        changes={"expected": [before, after]},
    )  # fmt: skip
    return after


@transaction.atomic
def roll_confirm(*, actor: Any, renewal: Renewal) -> Renewal:
    """The census step for members added to or moved out of the branch after the request: the
    branch confirms the roll change, and only then does E follow it."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_census_open(renewal)
    changes = roll_changes(renewal)
    if not changes["added"] and not changes["removed"]:
        raise ValidationError(_("党员名册没有变动，无需确认。"))
    before = census(renewal)["expected"]
    added = "、".join(m.name for m in changes["added"]) or "—"
    removed = "、".join(m.name for m in changes["removed"]) or "—"
    renewal.roll = fixed_roll(renewal)
    renewal.save(update_fields=["roll"])
    record_event(
        renewal,
        actor=actor,
        action="roll_confirm",
        summary=official_text(
            gettext_lazy("确认党员名册变动：新增 %(a)s；调出 %(r)s"), a=added, r=removed
        ),
        changes={"added": added, "removed": removed},
    )
    census_recount(
        actor=actor,
        renewal=renewal,
        before=before,
        why=official_text(gettext_lazy("党员名册变动：新增 %(a)s；调出 %(r)s"), a=added, r=removed),
    )
    notify_next(renewal, _("党员名册变动已确认，应到会人数已重新核算"), Action.APPROVE)
    return renewal


@transaction.atomic
def exclusions_meeting_vote(*, actor: Any, renewal: Renewal, agree: int) -> list[Exclusion]:
    """The members' meeting votes on the exclusions the superior approved (R4, where the profile
    asks for it), before its first ballot: carried by more than half of the voting members
    present, they leave E."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    require_census_open(renewal)
    waiting = awaiting_meeting_vote(renewal)
    if not waiting:
        raise ValidationError(_("没有待大会表决的不计入应到会人数申请。"))
    present = figures(meeting_held(renewal)).present
    if present < 1:
        raise ValidationError(_("请先签到：表决以实到会有选举权的党员计算。"))
    if not 0 <= agree <= present:
        raise ValidationError({"agree": _("同意人数应在 0 至 %(p)s 之间。") % {"p": present}})
    if 2 * agree <= present:
        raise ValidationError(
            {"agree": _("同意 %(a)s 人，未超过实到会有选举权的党员 %(p)s 人的半数，大会未通过；"
                        "这些党员仍计入应到会人数。") % {"a": agree, "p": present}}
        )  # fmt: skip
    before = census(renewal)["expected"]
    now = timezone.now()
    for exclusion in waiting:
        exclusion.meeting_voted_at, exclusion.meeting_agree = now, agree
    Exclusion.objects.bulk_update(waiting, ["meeting_voted_at", "meeting_agree"])
    names = "、".join(e.member.name for e in waiting)
    record_event(
        renewal,
        actor=actor,
        action="exclusions_meeting_vote",
        summary=official_text(
            gettext_lazy("党员大会表决同意 %(names)s 不计入应到会人数"
                         "（同意 %(a)s 人，实到 %(p)s 人）"),
            names=names, a=agree, p=present,
        ),
    )  # fmt: skip
    census_recount(
        actor=actor,
        renewal=renewal,
        before=before,
        why=official_text(gettext_lazy("党员大会表决同意 %(names)s 不计入"), names=names),
    )
    return waiting

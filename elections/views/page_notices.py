"""The renewal page's notices: the candidates' notice (公示) and the optional ones
(候选人初步人选公示, 任职公示), each with every notice published so far and, for the branch,
the form that publishes."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from elections.forms.publicise import NoticeForm, ResolveForm
from elections.models import NoticeKind, Phase, Renewal
from elections.selectors.candidates import notice_candidates
from elections.selectors.notices import (
    NOTICE_PHASES,
    notice_required,
    notice_rules,
    notices_of,
    unpublished,
)


def publicity_context(request: HttpRequest, renewal: Renewal, *, can_work: bool, can_approve: bool):
    """The candidates' notice in the publicise phase; the optional notices (初步人选公示 while the
    list is drawn and vetted, 任职公示 after the result) in the phases they belong to."""
    context: dict = {
        "notice_blocks": [
            block
            for kind in (NoticeKind.PRELIMINARY, NoticeKind.APPOINTMENT)
            if (
                block := notice_block(
                    request, renewal, kind, can_work=can_work, can_approve=can_approve
                )
            )
        ]
    }
    if renewal.phase != Phase.PUBLICISE:
        context["notice_waits"] = _waits(context["notice_blocks"])
        return context
    others = [NoticeKind.PRELIMINARY, NoticeKind.APPOINTMENT]
    context.update(
        notice_candidates=notice_candidates(renewal),
        objections=renewal.objections.exclude(notice__kind__in=others).select_related(
            "nominee__member", "resolved_by"
        ),
        resolve_form=ResolveForm() if can_approve else None,
        notice=notice_block(
            request, renewal, NoticeKind.CANDIDATES, can_work=can_work, can_approve=can_approve
        ),
    )
    context["notice_waits"] = _waits([*context["notice_blocks"], context["notice"]])
    return context


def _waits(blocks: list[dict | None]) -> list[str]:
    """The notices the branch still has to publish (none yet, or the list changed since): the
    page names the branch as the one the renewal waits for."""
    return [b["label"] for b in blocks if b and (b["current"] is None or b["changed"])]


def notice_block(
    request: HttpRequest, renewal: Renewal, kind: str, *, can_work: bool, can_approve: bool
) -> dict | None:
    """One kind of notice on the renewal page: every notice published so far (the latest is the
    current one), the public page's address and, for the branch, the form that publishes."""
    if renewal.phase not in NOTICE_PHASES[kind] or not notice_required(renewal, kind):
        return None
    notices = notices_of(renewal, kind)
    current = notices[-1] if notices else None
    today = timezone.localdate()
    changed = bool(current) and bool(unpublished(renewal, kind))
    block: dict = {
        "kind": kind,
        "label": NoticeKind(kind).label,
        "notices": notices,
        "current": current,
        "rules": notice_rules(renewal, kind),
        "changed": changed,
        "next_number": current.number + 1 if current else 1,
        "moving": current is not None and current.start > today,
    }
    if current:
        block["public_url"] = request.build_absolute_uri(
            reverse("public_notice", args=[renewal.public_token])
        )
    if kind != NoticeKind.CANDIDATES:
        block["objections"] = renewal.objections.filter(notice__kind=kind).select_related(
            "nominee__member", "resolved_by"
        )
        block["resolve_form"] = ResolveForm() if can_approve else None
    if can_work and not renewal.sealed_at and (current is None or block["moving"] or changed):
        latest = renewal.notices.order_by("-published_at", "-pk").first()
        block["form"] = NoticeForm(
            initial={
                "start": today,
                "phone": latest.phone if latest else "",
                "address": latest.address if latest else "",
                "kind": kind,
            }
        )
    return block

"""Views of the election meeting: preparation, the meeting-day page with attendance, ballots
and the attendance register."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, can
from branches.responses import download
from elections import domain
from elections.documents.attendance import attendance_pdf
from elections.documents.ballots import ballot_pdf, ballots_sheet
from elections.forms.meeting import AdjournForm, CandidatesForm, MeetingForm, StaffForm
from elections.forms.prepare import ExclusionVoteForm
from elections.forms.rounds import ReduceForm, RoundOpenForm
from elections.models import (
    Body,
    DocumentKind,
    MeetingKind,
    Phase,
    RoundKind,
    body_label,
    meeting_label,
)
from elections.selectors.access import get_renewal_for
from elections.selectors.candidates import standing_candidates
from elections.selectors.congress import holds_congress
from elections.selectors.meeting import figures, formal_candidates
from elections.selectors.prepare import awaiting_meeting_vote
from elections.selectors.rounds import (
    narrowable,
    pool,
    round_problems,
    seats_for,
    shortfall_round,
)
from elections.services import meeting as meeting_service
from elections.views.common import (
    attempt,
    back_to,
    copies_asked,
    meeting_or_404,
    meeting_url,
    refusal_to_messages,
    rerender,
    wants_json,
)
from elections.views.page import meeting_block, meeting_people, unit_meeting_context
from elections.workflow.machine import phase_open


@login_required
@require_POST
def meeting_update(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    m = meeting_or_404(renewal, kind)
    form = MeetingForm(request.POST, instance=m, prefix=m.kind)
    if form.is_valid():
        data = {f: form.cleaned_data[f] for f in MeetingForm.Meta.fields}
        if attempt(
            request,
            lambda: meeting_service.meeting_update(
                actor=request.user, renewal=renewal, kind=m.kind, unit=m.unit, **data
            ),
            _("会议信息已保存。"),
            form,
        ):
            return redirect(renewal if m.unit is None else meeting_url(m))
    if m.unit is not None:
        return meeting_day(request, pk, kind, bound={"unit_meeting_form": form})
    return rerender(request, renewal, **{f"{kind}_meeting_form": form})


@login_required
@require_POST
def meeting_notice(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    attempt(
        request,
        lambda: meeting_service.meeting_notice_issue(actor=request.user, renewal=renewal),
        _("会议通知已发出。"),
    )
    return redirect(renewal)


@login_required
@require_POST
def candidates_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = CandidatesForm(request.POST, standing=standing_candidates(renewal))
    if form.is_valid():
        chosen = list(form.cleaned_data["nominees"])
        if attempt(
            request,
            lambda: meeting_service.candidates_confirm(
                actor=request.user, renewal=renewal, nominees=chosen
            ),
            _("正式候选人已确定。"),
            form,
        ):
            return redirect(renewal)
    return rerender(request, renewal, candidates_form=form)


@login_required
@require_POST
def meeting_staff(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    m = meeting_or_404(renewal, kind)
    form = StaffForm(
        request.POST, people=meeting_people(renewal, m.kind, m.unit), prefix=f"{m.kind}-staff"
    )
    if form.is_valid() and attempt(
        request,
        lambda: meeting_service.meeting_staff_set(
            actor=request.user,
            renewal=renewal,
            kind=m.kind,
            unit=m.unit,
            scrutineers=list(form.cleaned_data["scrutineers"]),
            counters=list(form.cleaned_data["counters"]),
        ),
        _("监票人、计票人已确定。"),
        form,
    ):
        return redirect(back_to(request, renewal))
    if request.POST.get("next"):
        # Sent from the meeting page, which shows the form again: the errors go there.
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(back_to(request, renewal))
    return rerender(request, renewal, **{f"{kind}_staff_form": form})


@login_required
@require_POST
def method_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    attempt(
        request,
        lambda: meeting_service.method_adopt(actor=request.user, renewal=renewal),
        _("选举办法已经大会通过。"),
    )
    return redirect(back_to(request, renewal))


@login_required
@require_POST
def meeting_adjourn(request: HttpRequest, pk: int) -> HttpResponse:
    """The members' meeting short of quorum on the day is adjourned to another day."""
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = AdjournForm(request.POST, prefix="adjourn")
    if form.is_valid() and attempt(
        request,
        lambda: meeting_service.meeting_adjourn(
            actor=request.user,
            renewal=renewal,
            held_on=form.cleaned_data["held_on"],
            reason=form.cleaned_data["reason"],
        ),
        _("会议已休会，改期至 %(d)s 召开。请重新发出会议通知。")
        % {"d": form.cleaned_data.get("held_on")},
        form,
    ):
        return redirect(renewal)
    return meeting_day(request, pk, MeetingKind.MEMBERS, bound={"adjourn_form": form})


@login_required
def meeting_day(
    request: HttpRequest, pk: int, kind: str, bound: dict[str, Any] | None = None
) -> HttpResponse:
    """The page on the laptop next to the ballot box: attendance, E and P, the rounds.

    `bound`: a refused form by its context name, shown again with what was typed and why."""
    bound = bound or {}
    renewal = get_renewal_for(request.user, pk)
    if renewal.phase not in (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE):
        raise Http404
    can_work = can(request.user, Action.WORK, renewal.branch) and phase_open(renewal, Phase.VOTE)
    m = meeting_or_404(renewal, kind)
    block = meeting_block(renewal, m, can_work, bound)
    present = set(block["meeting"].present.values_list("pk", flat=True))
    # The register on screen is in surname stroke order, like the printed one (R7).
    people = meeting_people(renewal, m.kind, m.unit)
    roll = sorted(people, key=lambda person: domain.stroke_key(person.name))
    kind = m.slug  # the addresses of the meeting's forms
    plan = block["plan"]
    open_form = None
    if can_work and plan and not round_problems(block["meeting"], quorum=False):
        people = pool(renewal, plan.body) if plan.chosen_by_meeting else None
        open_form = RoundOpenForm(
            pool=people,
            supplementary=narrowable(plan),
            initial={"issued": block["figures"].present},
        )
    context = {
        "renewal": renewal,
        "kind": kind,
        "by_members": m.kind in (MeetingKind.MEMBERS, MeetingKind.UNIT),
        "can_work": can_work,
        "roll": [(m, m.pk in present) for m in roll],
        "open_form": open_form,
        # Changes of E after the request (R4), shown beside the figures.
        "census_log": renewal.census_log if kind == MeetingKind.MEMBERS else [],
        "awaiting_vote": awaiting_meeting_vote(renewal) if kind == MeetingKind.MEMBERS else [],
        **block,
    }
    congress = m.kind == MeetingKind.MEMBERS and holds_congress(renewal)
    context["meeting_name"] = meeting_label(m, renewal.branch.kind, congress=congress)
    # A congress adopts its own method.
    context["method_kind"] = DocumentKind.CONGRESS_METHOD if congress else DocumentKind.METHOD
    if plan:
        context["plan_body_label"] = body_label(plan.body, renewal.branch.kind)
        context["plan_kind_label"] = RoundKind(plan.kind).label
    if can_work and context["awaiting_vote"] and not block["rounds"]:
        context["exclusion_vote_form"] = bound.get("exclusion_vote_form") or ExclusionVoteForm()
    if can_work and shortfall_round(block["meeting"]):
        context["reduce_form"] = bound.get("reduce_form") or ReduceForm()
    if can_work and context["by_members"] and not block["rounds"] and not block["figures"].quorum:
        context["adjourn_form"] = bound.get("adjourn_form") or AdjournForm(prefix="adjourn")
    if m.unit is not None:
        context |= unit_meeting_context(m, can_work, bound)
    return render(request, "elections/meeting_day.html", context)


@login_required
@require_POST
def attendance_set(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    m = meeting_or_404(renewal, kind)
    member_pk = request.POST.get("member", "")
    people = meeting_people(renewal, m.kind, m.unit)
    member = people.filter(pk=member_pk).first() if member_pk.isdigit() else None
    present = request.POST.get("present") == "1"
    try:
        if member is None:
            raise ValidationError(_("请选择党员。"))
        m = meeting_service.attendance_set(
            actor=request.user, renewal=renewal, kind=m.kind, member=member, present=present,
            unit=m.unit,
        )  # fmt: skip
    except ValidationError as exc:
        if wants_json(request):
            return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
        refusal_to_messages(request, exc)
    else:
        if wants_json(request):
            counted = asdict(figures(m))
            return JsonResponse({"ok": True, "present": present, "figures": counted})
    return redirect("elections:meeting_day", renewal.pk, m.slug)


@login_required
def first_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the meeting: the first round's ballots, from the formal candidates (R7 order)."""
    renewal = get_renewal_for(request.user, pk)
    m = meeting_or_404(renewal)
    body = Body.SECRETARY if renewal.secretary_only else Body.COMMITTEE
    if request.GET.get("body") == Body.COMMISSION and renewal.commission_seats:
        body = Body.COMMISSION  # the commission's own ballot (?body=commission)
    first = [n.member.name for n in formal_candidates(renewal, body)]
    if not first:
        messages.error(request, _("请先确定正式候选人。"))
        return redirect(renewal)
    sheet = ballots_sheet(
        renewal, body=body, seats=seats_for(renewal, body), names=first, allow=True,
        note=_("正式选举"), held_on=m.held_on,
    )  # fmt: skip
    data = ballot_pdf(sheet, copies_asked(request, figures(m).expected + 5))
    return download(data, f"{sheet.title}.pdf", inline=True)


@login_required
def attendance_register(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    name = _("党员代表大会代表签到表") if holds_congress(renewal) else _("党员大会签到表")
    return download(attendance_pdf(renewal), name + ".pdf", inline=True)

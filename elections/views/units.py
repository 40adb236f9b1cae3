"""Views of an electing unit's members' meeting that elects its delegates (issue 15): the steps
only a unit meeting has (its delegate candidates) and its notice, method and adjournment, and its
papers (the notice and method as drafts, the pre-printed ballot, the sign-in register). The
meeting-day page, attendance, scrutineers and rounds are the members' meeting's own views,
addressed by the meeting (``unit-<pk>``)."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from branches.responses import download
from elections.documents import build_pdf
from elections.documents.attendance import attendance_pdf
from elections.documents.ballots import ballot_pdf, ballots_sheet
from elections.forms.congress import UnitCandidatesForm
from elections.forms.meeting import AdjournForm
from elections.models import Body, DocumentKind, Meeting
from elections.selectors.access import get_delegate_unit_for
from elections.selectors.congress import unit_candidates as candidates_of
from elections.selectors.congress import unit_voters
from elections.selectors.meeting import figures
from elections.services import meeting as meeting_service
from elections.services import units as units_service
from elections.views.common import attempt, copies_asked, meeting_url
from elections.views.meeting import meeting_day

#: The unit's documents by the slug of their URL.
UNIT_DOCUMENTS = {"notice": DocumentKind.UNIT_NOTICE, "method": DocumentKind.UNIT_METHOD}


def _meeting_for(
    request: HttpRequest, pk: int, unit_pk: int, action: Action = Action.WORK
) -> Meeting:
    """The unit's meeting, through the access helper of the unit (WORK on the renewal unless
    `action` says otherwise)."""
    unit = get_delegate_unit_for(request.user, pk, unit_pk, action=action)
    meeting = Meeting.objects.filter(unit=unit).select_related("unit__unit", "renewal").first()
    if meeting is None:
        raise Http404
    return meeting


@login_required
@require_POST
def unit_notice(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    m = _meeting_for(request, pk, unit_pk)
    attempt(
        request,
        lambda: meeting_service.meeting_notice_issue(
            actor=request.user, renewal=m.renewal, unit=m.unit
        ),
        _("会议通知已发出。"),
    )
    return redirect(meeting_url(m))


@login_required
@require_POST
def unit_candidates(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    m = _meeting_for(request, pk, unit_pk)
    form = UnitCandidatesForm(request.POST, voters=unit_voters(m.unit.unit, on=m.held_on))
    if form.is_valid() and attempt(
        request,
        lambda: units_service.unit_candidates_set(
            actor=request.user,
            renewal=m.renewal,
            unit=m.unit,
            members=list(form.cleaned_data["members"]),
        ),
        _("代表候选人已确定。"),
        form,
    ):
        return redirect(meeting_url(m))
    return meeting_day(request, pk, m.slug, bound={"unit_candidates_form": form})


@login_required
@require_POST
def unit_method(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    m = _meeting_for(request, pk, unit_pk)
    attempt(
        request,
        lambda: meeting_service.method_adopt(actor=request.user, renewal=m.renewal, unit=m.unit),
        _("选举办法已经大会通过。"),
    )
    return redirect(meeting_url(m))


@login_required
@require_POST
def unit_adjourn(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """The unit's meeting short of quorum on the day is adjourned to another day."""
    m = _meeting_for(request, pk, unit_pk)
    form = AdjournForm(request.POST, prefix="adjourn")
    if form.is_valid() and attempt(
        request,
        lambda: meeting_service.meeting_adjourn(
            actor=request.user,
            renewal=m.renewal,
            unit=m.unit,
            held_on=form.cleaned_data["held_on"],
            reason=form.cleaned_data["reason"],
        ),
        _("会议已休会，改期至 %(d)s 召开。请重新发出会议通知。")
        % {"d": form.cleaned_data.get("held_on")},
        form,
    ):
        return redirect(meeting_url(m))
    return meeting_day(request, pk, m.slug, bound={"adjourn_form": form})


@login_required
def unit_document(request: HttpRequest, pk: int, unit_pk: int, name: str) -> HttpResponse:
    """The unit's notice or election method as it stands now (a draft until issued)."""
    kind = UNIT_DOCUMENTS.get(name)
    if kind is None:
        raise Http404
    m = _meeting_for(request, pk, unit_pk, Action.VIEW)
    data = build_pdf(m.renewal, kind, unit=m.unit)
    title = f"{DocumentKind(kind).label}-{m.unit.unit.name}（草稿）.pdf"
    return download(data, title, inline=True)


@login_required
def unit_ballots(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """Before the meeting: the first round's ballots from the unit's delegate candidates (R7
    order), as many copies as asked (default: the voters expected and 5 spare)."""
    m = _meeting_for(request, pk, unit_pk, Action.VIEW)
    names = [member.name for member in candidates_of(m.unit)]
    if not names:
        messages.error(request, _("请先确定代表候选人。"))
        return redirect(meeting_url(m))
    sheet = ballots_sheet(
        m.renewal, body=Body.DELEGATES, seats=m.unit.seats, names=names, allow=True,
        note=f"{m.unit.unit.name}党员大会", held_on=m.held_on,
    )  # fmt: skip
    # Handed out by the unit's meeting: the unit heads the ballot, the congress titles it.
    sheet = replace(sheet, branch=m.unit.unit.name)
    data = ballot_pdf(sheet, copies_asked(request, figures(m).expected + 5))
    return download(data, f"{sheet.title}-{m.unit.unit.name}.pdf", inline=True)


@login_required
def unit_attendance(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """The sign-in register of the unit's meeting: its voters in stroke order."""
    m = _meeting_for(request, pk, unit_pk, Action.VIEW)
    data = attendance_pdf(m.renewal, m)
    return download(data, f"{m.unit.unit.name}党员大会签到表.pdf", inline=True)

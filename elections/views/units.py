"""Views of an electing unit's members' meeting that elects its delegates (issue 15): the steps
only a unit meeting has (its delegate candidates) and its notice, method and adjournment. The
meeting-day page, attendance, scrutineers and rounds are the members' meeting's own views,
addressed by the meeting (``unit-<pk>``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from elections.forms.congress import UnitCandidatesForm
from elections.forms.meeting import AdjournForm
from elections.models import Meeting
from elections.selectors.access import get_delegate_unit_for
from elections.selectors.congress import unit_voters
from elections.services import meeting as meeting_service
from elections.services import units as units_service
from elections.views.common import attempt, meeting_url
from elections.views.meeting import meeting_day


def _meeting_for(request: HttpRequest, pk: int, unit_pk: int) -> Meeting:
    """The unit's meeting, through the access helper of the unit (WORK on the renewal)."""
    unit = get_delegate_unit_for(request.user, pk, unit_pk, action=Action.WORK)
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

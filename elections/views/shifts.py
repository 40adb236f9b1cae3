"""Delay and early renewal (延期/提前换届): the branch's request form, the request's page with the
superior's decision, the branch's withdrawal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import Action, can, get_organisation_for
from elections.forms.shifts import ShiftDecisionForm, ShiftRequestForm
from elections.models import RenewalShift, ShiftStatus
from elections.selectors.access import get_shift_for
from elections.selectors.shifts import current_due, shift_history, waits_on
from elections.services import shifts as service
from elections.views.common import attempt


@login_required
@require_http_methods(["GET", "POST"])
def shift_request(request: HttpRequest, org_pk: int) -> HttpResponse:
    branch = get_organisation_for(request.user, org_pk, action=Action.WORK)
    form = ShiftRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: service.renewal_shift_request(
                actor=request.user, branch=branch, **form.cleaned_data
            ),
            _("申请已提交，等待上级审批。"),
            form,
        )
        if done:
            return redirect(done.value)
    history = list(shift_history(branch))
    context = {
        "branch": branch,
        "form": form,
        "due": current_due(branch),
        "history": history,
        "pending": next((s for s in history if s.status == ShiftStatus.PENDING), None),
    }
    return render(request, "elections/shifts/request.html", context)


def _detail(request: HttpRequest, shift: RenewalShift, form: ShiftDecisionForm | None = None):
    pending = shift.status == ShiftStatus.PENDING
    can_decide = pending and can(request.user, Action.APPROVE, shift.branch)
    context = {
        "shift": shift,
        "waits_on": waits_on(shift),
        "can_decide": can_decide,
        "can_withdraw": pending and can(request.user, Action.WORK, shift.branch),
        "form": form or (ShiftDecisionForm() if can_decide else None),
        "history": shift_history(shift.branch).exclude(pk=shift.pk),
    }
    return render(request, "elections/shifts/detail.html", context)


@login_required
def shift_detail(request: HttpRequest, shift_pk: int) -> HttpResponse:
    return _detail(request, get_shift_for(request.user, shift_pk, action=Action.VIEW))


@login_required
@require_POST
def shift_decide(request: HttpRequest, shift_pk: int) -> HttpResponse:
    shift = get_shift_for(request.user, shift_pk, action=Action.APPROVE)
    form = ShiftDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        if attempt(
            request,
            lambda: service.renewal_shift_decide(
                actor=request.user, shift=shift, approve=approve, note=form.cleaned_data["note"]
            ),
            _("已批准。") if approve else _("已作出不批准的决定。"),
            form,
        ):
            return redirect(shift)
    shift.refresh_from_db()
    return _detail(request, shift, form)


@login_required
@require_POST
def shift_withdraw(request: HttpRequest, shift_pk: int) -> HttpResponse:
    shift = get_shift_for(request.user, shift_pk, action=Action.WORK)
    attempt(
        request,
        lambda: service.renewal_shift_withdraw(actor=request.user, shift=shift),
        _("申请已撤回。"),
    )
    return redirect(shift)

"""Views of the approve phase beyond the phase moves: the eligibility check of a person
elected as a write-in, and declaring an election invalid (当选无效)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from elections.forms.approve import InvalidateForm, WriteInCheckForm
from elections.selectors.access import get_renewal_for
from elections.services import approve as approve_service
from elections.views.common import attempt, rerender


@login_required
@require_POST
def write_in_check(request: HttpRequest, pk: int, elected_pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.APPROVE)
    elected = get_object_or_404(renewal.elected.filter(write_in=True), pk=elected_pk)
    form = WriteInCheckForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: approve_service.write_in_check(
            actor=request.user, elected=elected, note=form.cleaned_data["note"]
        ),
        _("已登记 %(n)s 的资格审查。") % {"n": elected.name},
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, write_in_forms={elected.pk: form})


@login_required
@require_POST
def elected_invalidate(request: HttpRequest, pk: int, elected_pk: int) -> HttpResponse:
    """当选无效, with the reason typed; a refusal shows the page again with what was typed."""
    renewal = get_renewal_for(request.user, pk, action=Action.APPROVE)
    elected = get_object_or_404(renewal.elected.all(), pk=elected_pk)
    form = InvalidateForm(request.POST, prefix=f"invalid{elected.pk}")
    if form.is_valid() and attempt(
        request,
        lambda: approve_service.elected_invalidate(
            actor=request.user, elected=elected, reason=form.cleaned_data["reason"]
        ),
        _("已宣布 %(n)s 当选无效，换届回到选举阶段，另行选举该名额。") % {"n": elected.name},
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, invalidate_forms={elected.pk: form})

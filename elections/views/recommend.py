"""Views of the recommend phase: the recommendation meeting and the preliminary list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from elections.forms.recommend import NomineeForm, RecommendationForm
from elections.selectors.access import get_renewal_for
from elections.services import recommend as recommend_service
from elections.views.common import attempt, nominee_for, rerender


@login_required
@require_POST
def recommendation_save(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = RecommendationForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: recommend_service.recommendation_record(
            actor=request.user, renewal=renewal, **form.cleaned_data
        ),
        _("推荐会议情况已登记。"),
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, recommendation_form=form)


@login_required
@require_POST
def nominee_save(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = NomineeForm(request.POST, renewal=renewal)
    if form.is_valid() and attempt(
        request,
        lambda: recommend_service.nominee_save(
            actor=request.user, renewal=renewal, **form.cleaned_data
        ),
        _("已登记被推荐人。"),
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, nominee_form=form)


@login_required
@require_POST
def nominee_remove(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    nominee = nominee_for(request, pk, nominee_pk, Action.WORK)
    attempt(request, lambda: recommend_service.nominee_remove(actor=request.user, nominee=nominee))
    return redirect(nominee.renewal)


@login_required
@require_POST
def list_apply_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    attempt(
        request,
        lambda: recommend_service.list_apply_proposal(actor=request.user, renewal=renewal),
        _("已按推荐结果确定初步人选，可再作调整。"),
    )
    return redirect(renewal)


@login_required
@require_POST
def nominee_toggle(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    nominee = nominee_for(request, pk, nominee_pk, Action.WORK)
    attempt(
        request,
        lambda: recommend_service.nominee_set_on_list(
            actor=request.user,
            nominee=nominee,
            on_list=request.POST.get("on_list") == "1",
            reason=request.POST.get("reason", ""),
        ),
    )
    return redirect(nominee.renewal)

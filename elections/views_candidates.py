"""Recommend and vet pages: the recommendation meeting, nominees, the list and its review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, get_renewal_for
from branches.views import apply_validation_error

from . import candidates, domain
from .forms import NomineeForm, RecommendationForm, ReviewForm
from .models import Nominee, Phase, Renewal
from .phases import needed_candidates


def candidates_context(renewal: Renewal, *, can_work: bool, can_approve: bool) -> dict:
    """What the recommend and vet sections of the renewal page show."""
    if renewal.phase not in (Phase.RECOMMEND, Phase.VET, Phase.PUBLICISE):
        return {}
    nominees = list(renewal.nominees.select_related("member", "member__branch"))
    on = timezone.localdate()
    rules = renewal.ruleset()
    outcome = candidates.proposal(renewal) if renewal.phase == Phase.RECOMMEND else None
    proposed = set(outcome.accepted) if outcome else set()
    rows = [
        {
            "nominee": n,
            "problems": domain.eligibility_problems(n.member.facts(), on=on, rules=rules),
            "proposed": str(n.pk) in proposed,
            "review_form": ReviewForm(
                initial={
                    "negative_list_checked": n.negative_list_checked,
                    "negative_list_failures": n.negative_list_failures,
                    "inspection_notes": n.inspection_notes,
                    "discipline_opinion": n.discipline_opinion,
                    "approved": n.approved,
                },
                prefix=f"n{n.pk}",
            )
            if can_approve and renewal.phase == Phase.VET and n.on_list
            else None,
        }
        for n in nominees
    ]
    context = {
        "nominee_rows": rows,
        "needed": needed_candidates(renewal),
        "rec_valid": renewal.rec_present is not None
        and domain.recommendation_valid(expected=renewal.rec_expected, present=renewal.rec_present),
        "tied": [n for n in nominees if outcome and str(n.pk) in outcome.tied],
        "tied_places": outcome.tied_places if outcome else 0,
    }
    if can_work and renewal.phase == Phase.RECOMMEND:
        context["recommendation_form"] = RecommendationForm(
            initial={
                "held_on": renewal.rec_held_on,
                "expected": renewal.rec_expected,
                "present": renewal.rec_present,
                "ballots": renewal.rec_ballots,
                "representatives": renewal.rec_representatives,
            }
        )
        context["nominee_form"] = NomineeForm(renewal=renewal)
    return context


def _rerender(request: HttpRequest, renewal: Renewal, **forms) -> HttpResponse:
    from .views import page_context

    return render(request, "elections/renewal_detail.html", page_context(request, renewal, **forms))


@login_required
@require_POST
def recommendation_save(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            candidates.recommendation_record(
                actor=request.user, renewal=renewal, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("推荐会议情况已登记。"))
            return redirect(renewal)
    return _rerender(request, renewal, recommendation_form=form)


@login_required
@require_POST
def nominee_save(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = NomineeForm(request.POST, renewal=renewal)
    if form.is_valid():
        try:
            candidates.nominee_save(actor=request.user, renewal=renewal, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已登记被推荐人。"))
            return redirect(renewal)
    return _rerender(request, renewal, nominee_form=form)


def _nominee(request: HttpRequest, pk: int, nominee_pk: int, action: Action) -> Nominee:
    renewal = get_renewal_for(request.user, pk, action=action)
    return get_object_or_404(renewal.nominees.select_related("member", "renewal"), pk=nominee_pk)


@login_required
@require_POST
def nominee_remove(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    nominee = _nominee(request, pk, nominee_pk, Action.WORK)
    try:
        candidates.nominee_remove(actor=request.user, nominee=nominee)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(nominee.renewal)


@login_required
@require_POST
def list_apply_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    try:
        candidates.list_apply_proposal(actor=request.user, renewal=renewal)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已按推荐结果确定初步人选，可再作调整。"))
    return redirect(renewal)


@login_required
@require_POST
def nominee_toggle(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    nominee = _nominee(request, pk, nominee_pk, Action.WORK)
    try:
        candidates.nominee_set_on_list(
            actor=request.user,
            nominee=nominee,
            on_list=request.POST.get("on_list") == "1",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(nominee.renewal)


@login_required
@require_POST
def nominee_review(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    nominee = _nominee(request, pk, nominee_pk, Action.APPROVE)
    form = ReviewForm(request.POST, request.FILES, prefix=f"n{nominee.pk}")
    if form.is_valid():
        try:
            candidates.nominee_review(actor=request.user, nominee=nominee, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已保存对 %(n)s 的审查。") % {"n": nominee.member.name})
    else:
        messages.error(request, _("审查表填写有误，请检查。"))
    return redirect(nominee.renewal)

"""Views of the prepare phase: the plan and the exclusions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from branches.views import apply_validation_error
from elections.forms.prepare import ExclusionForm, PlanForm
from elections.models import Exclusion, Renewal
from elections.selectors.access import get_renewal_for
from elections.services import prepare as prepare_service
from elections.views.common import refusal_to_messages
from elections.views.page import page_context


@login_required
@require_POST
def renewal_plan(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = PlanForm(request.POST, request.FILES, instance=Renewal.objects.get(pk=renewal.pk))
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "work_report_file"}
        upload = form.cleaned_data.get("work_report_file")
        if isinstance(upload, UploadedFile):
            fields["work_report_file"] = upload
        try:
            prepare_service.renewal_update_plan(actor=request.user, renewal=renewal, **fields)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("换届方案已保存。"))
            return redirect(renewal)
    renewal.refresh_from_db()
    return render(
        request, "elections/renewal_detail.html", page_context(request, renewal, plan_form=form)
    )


@login_required
@require_POST
def exclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ExclusionForm(request.POST, renewal=renewal)
    if form.is_valid():
        try:
            prepare_service.exclusion_add(actor=request.user, renewal=renewal, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已提出申请，待上级审批。"))
            return redirect(renewal)
    return render(
        request,
        "elections/renewal_detail.html",
        page_context(request, renewal, exclusion_form=form),
    )


def _exclusion(request: HttpRequest, pk: int, exclusion_pk: int, action: Action) -> Exclusion:
    renewal = get_renewal_for(request.user, pk, action=action)
    return get_object_or_404(renewal.exclusions.select_related("member"), pk=exclusion_pk)


@login_required
@require_POST
def exclusion_decide(request: HttpRequest, pk: int, exclusion_pk: int) -> HttpResponse:
    exclusion = _exclusion(request, pk, exclusion_pk, Action.APPROVE)
    approve = request.POST.get("decision") == "approve"
    try:
        prepare_service.exclusion_decide(actor=request.user, exclusion=exclusion, approve=approve)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect(exclusion.renewal)


@login_required
@require_POST
def exclusion_withdraw(request: HttpRequest, pk: int, exclusion_pk: int) -> HttpResponse:
    exclusion = _exclusion(request, pk, exclusion_pk, Action.WORK)
    try:
        prepare_service.exclusion_withdraw(actor=request.user, exclusion=exclusion)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect(exclusion.renewal)

"""Views of the prepare phase: the plan, the exclusions and the census step (also later, until
the first ballot)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from branches.responses import upload
from elections.forms.prepare import ExclusionForm, ExclusionVoteForm, PlanForm
from elections.models import Exclusion, MeetingKind, Renewal
from elections.selectors.access import get_renewal_for
from elections.services import census as census_service
from elections.services import prepare as prepare_service
from elections.views.common import attempt, rerender
from elections.views.meeting import meeting_day
from elections.workflow.transitions import TRANSITIONS


@login_required
@require_POST
def renewal_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the plan; with `then=submit_request` (the request's button sends the plan form), save
    what was typed into the plan first and then submit the request, so no edit is lost."""
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = PlanForm(request.POST, request.FILES, instance=Renewal.objects.get(pk=renewal.pk))
    submit = request.POST.get("then") == "submit_request"
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "work_report_file"}
        upload = form.cleaned_data.get("work_report_file")
        if isinstance(upload, UploadedFile):
            fields["work_report_file"] = upload
        edited = form.edited()
        saved = attempt(
            request,
            lambda: prepare_service.renewal_update_plan(
                actor=request.user, renewal=renewal, **fields
            ),
            (_("已先保存换届方案的修改。") if edited else "") if submit else _("换届方案已保存。"),
            form,
        )
        if saved and not submit:
            return redirect(renewal)
        if saved:
            attempt(
                request,
                lambda: prepare_service.renewal_submit_request(
                    actor=request.user, renewal=saved.value
                ),
                _("已完成：%(label)s。") % {"label": TRANSITIONS["submit_request"].label},
            )
            return redirect(renewal)
    if submit:
        messages.error(request, _("换届方案有错误，请示未提交。请改正后再提交。"))
    renewal.refresh_from_db()
    return rerender(request, renewal, plan_form=form)


@login_required
@require_POST
def exclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ExclusionForm(request.POST, renewal=renewal)
    if form.is_valid() and attempt(
        request,
        lambda: prepare_service.exclusion_add(
            actor=request.user, renewal=renewal, **form.cleaned_data
        ),
        _("已提出申请，待上级审批。"),
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, exclusion_form=form)


def _exclusion(request: HttpRequest, pk: int, exclusion_pk: int, action: Action) -> Exclusion:
    renewal = get_renewal_for(request.user, pk, action=action)
    return get_object_or_404(renewal.exclusions.select_related("member"), pk=exclusion_pk)


@login_required
@require_POST
def exclusion_decide(request: HttpRequest, pk: int, exclusion_pk: int) -> HttpResponse:
    exclusion = _exclusion(request, pk, exclusion_pk, Action.APPROVE)
    approve = request.POST.get("decision") == "approve"
    attempt(
        request,
        lambda: prepare_service.exclusion_decide(
            actor=request.user, exclusion=exclusion, approve=approve
        ),
    )
    return redirect(exclusion.renewal)


@login_required
@require_POST
def exclusion_withdraw(request: HttpRequest, pk: int, exclusion_pk: int) -> HttpResponse:
    exclusion = _exclusion(request, pk, exclusion_pk, Action.WORK)
    attempt(
        request, lambda: prepare_service.exclusion_withdraw(actor=request.user, exclusion=exclusion)
    )
    return redirect(exclusion.renewal)


@login_required
@require_POST
def roll_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The census step for members added or moved after the request: E follows the roll."""
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    attempt(
        request,
        lambda: census_service.roll_confirm(actor=request.user, renewal=renewal),
        _("党员名册变动已确认，应到会人数已重新核算。"),
    )
    return redirect(renewal)


@login_required
@require_POST
def exclusions_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The members' meeting votes on the approved exclusions (where the profile asks for it)."""
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ExclusionVoteForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: census_service.exclusions_meeting_vote(
            actor=request.user, renewal=renewal, agree=form.cleaned_data["agree"]
        ),
        _("大会表决已记录，应到会人数已重新核算。"),
        form,
    ):
        return redirect("elections:meeting_day", renewal.pk, MeetingKind.MEMBERS)
    return meeting_day(request, pk, MeetingKind.MEMBERS, bound={"exclusion_vote_form": form})


@login_required
def work_report_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The work report's attachment, for whoever may see the renewal; never from MEDIA_URL."""
    renewal = get_renewal_for(request.user, pk)
    if not renewal.work_report_file:
        raise Http404
    return upload(renewal.work_report_file, _("工作报告") + f"-{renewal.branch.name}")

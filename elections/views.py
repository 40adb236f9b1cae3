"""Renewal pages. Thin: access helper, form, service, message, redirect."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, can, get_organisation_for, get_renewal_for, renewals_for
from branches.models import AuditEvent
from branches.views import apply_validation_error, paginate

from . import archive, candidates, publicity, services
from .documents import build_pdf
from .forms import ExclusionForm, PlanForm, RenewalFilterForm
from .models import PHASE_ORDER, DocumentKind, Exclusion, Phase, Renewal
from .phases import TRANSITIONS, TransitionRefused, blockers, next_step
from .rules import rule_changes
from .views_candidates import candidates_context
from .views_publicity import publicity_context
from .views_vote import vote_context


@login_required
def renewal_list(request: HttpRequest) -> HttpResponse:
    form = RenewalFilterForm(request.GET or None)
    qs = renewals_for(request.user)
    if form.is_valid():
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"]
            qs = qs.filter(Q(branch__name__icontains=q) | Q(branch__code__icontains=q))
        if form.cleaned_data["phase"]:
            qs = qs.filter(phase=form.cleaned_data["phase"])
    return render(
        request,
        "elections/renewal_list.html",
        {"form": form, "page": paginate(request, qs.order_by("-created_at", "-pk"))},
    )


@login_required
@require_POST
def renewal_start(request: HttpRequest, branch_pk: int) -> HttpResponse:
    branch = get_organisation_for(request.user, branch_pk, action=Action.WORK)
    try:
        renewal = services.renewal_open(actor=request.user, branch=branch)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(branch)
    messages.success(request, _("已启动换届，请填写换届方案。"))
    return redirect(renewal)


def page_context(request: HttpRequest, renewal: Renewal, **extra) -> dict:
    user = request.user
    step = next_step(renewal)
    can_work = can(user, Action.WORK, renewal.branch)
    can_approve = can(user, Action.APPROVE, renewal.branch)
    editable = renewal.phase == Phase.PREPARE and not renewal.awaiting_approval and can_work
    context = {
        "renewal": renewal,
        "phases": PHASE_ORDER,
        "phase_index": PHASE_ORDER.index(renewal.phase) if renewal.phase in PHASE_ORDER else -1,
        "step": TRANSITIONS[step] if step else None,
        "step_blockers": blockers(renewal, step) if step else [],
        "can_work": can_work,
        "can_approve": can_approve,
        "can_manage": can(user, Action.MANAGE, renewal.branch),
        "editable": editable,
        "census": services.census(renewal),
        "rule_changes": rule_changes(renewal),
        "seat_warnings": services.seat_warnings(renewal),
        "documents": renewal.documents.select_related("issued_by"),
        "events": AuditEvent.objects.filter(
            target_type="elections.renewal", target_id=str(renewal.pk)
        ).select_related("actor")[:100],
        "doc_kinds": DocumentKind,
    }
    context.update(candidates_context(renewal, can_work=can_work, can_approve=can_approve))
    context.update(publicity_context(request, renewal, can_work=can_work, can_approve=can_approve))
    context.update(vote_context(request, renewal, can_work=can_work, **extra))
    if editable:
        context.setdefault("plan_form", PlanForm(instance=renewal))
        context.setdefault("exclusion_form", ExclusionForm(renewal=renewal))
    context.update(extra)
    return context


@login_required
def renewal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    return render(request, "elections/renewal_detail.html", page_context(request, renewal))


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
            services.renewal_update_plan(actor=request.user, renewal=renewal, **fields)
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
            services.exclusion_add(actor=request.user, renewal=renewal, **form.cleaned_data)
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
        services.exclusion_decide(actor=request.user, exclusion=exclusion, approve=approve)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(exclusion.renewal)


@login_required
@require_POST
def exclusion_withdraw(request: HttpRequest, pk: int, exclusion_pk: int) -> HttpResponse:
    exclusion = _exclusion(request, pk, exclusion_pk, Action.WORK)
    try:
        services.exclusion_withdraw(actor=request.user, exclusion=exclusion)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(exclusion.renewal)


SERVICES = {
    "submit_request": lambda user, r, reason: services.renewal_submit_request(
        actor=user, renewal=r
    ),
    "approve_request": lambda user, r, reason: services.renewal_approve_request(
        actor=user, renewal=r
    ),
    "return_request": lambda user, r, reason: services.renewal_return(
        actor=user, renewal=r, reason=reason
    ),
    "submit_list": lambda user, r, reason: candidates.renewal_submit_list(actor=user, renewal=r),
    "approve_list": lambda user, r, reason: candidates.renewal_approve_list(actor=user, renewal=r),
    "return_list": lambda user, r, reason: candidates.renewal_return_list(
        actor=user, renewal=r, reason=reason
    ),
    "finish_notice": lambda user, r, reason: publicity.renewal_finish_notice(actor=user, renewal=r),
    "submit_result": lambda user, r, reason: archive.renewal_submit_result(actor=user, renewal=r),
    "approve_result": lambda user, r, reason: archive.renewal_approve_result(actor=user, renewal=r),
    "return_result": lambda user, r, reason: archive.renewal_return_result(
        actor=user, renewal=r, reason=reason
    ),
    "seal": lambda user, r, reason: archive.renewal_seal(actor=user, renewal=r),
    "cancel": lambda user, r, reason: services.renewal_cancel(actor=user, renewal=r, reason=reason),
    "reopen": lambda user, r, reason: services.renewal_reopen(actor=user, renewal=r, reason=reason),
}


@login_required
@require_POST
def renewal_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in SERVICES:
        raise Http404
    renewal = get_renewal_for(request.user, pk, action=TRANSITIONS[name].action)
    try:
        SERVICES[name](request.user, renewal, request.POST.get("reason", ""))
    except TransitionRefused as exc:
        for blocker in exc.reasons:
            messages.error(request, blocker.text)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已完成：%(label)s。") % {"label": TRANSITIONS[name].label})
    return redirect(renewal)


@login_required
def document_preview(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    if kind not in DocumentKind.values or kind == DocumentKind.TALLY:
        raise Http404
    data = build_pdf(renewal, kind)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{DocumentKind(kind).label}（草稿）.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    renewal = get_renewal_for(request.user, pk)
    doc = get_object_or_404(renewal.documents, pk=doc_pk)
    name = f"{doc.get_kind_display()}{doc.label}-{doc.issued_at:%Y%m%d}.pdf"
    return FileResponse(doc.file.open("rb"), content_type="application/pdf", filename=name)

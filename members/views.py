"""Roster pages: list, detail, edit, transfer, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from branches.access import (
    Action,
    can,
    can_see_full_id,
    get_import_job_for,
    get_member_for,
    get_organisation_for,
    organisations_for,
)
from branches.models import OrganisationKind
from branches.responses import download
from branches.throttle import limit_roster_search
from branches.views import apply_validation_error, paginate

from . import services
from .exports import export_start
from .forms import ImportForm, MemberForm, TransferForm
from .jobs import import_job_expire_stale, import_job_start
from .models import ImportJob
from .roster import FORMATS, ROSTER, filtered_members, roster_parameters
from .spreadsheets import import_template


def _filtered_members(request: HttpRequest):
    return filtered_members(request.user, request.GET)


@never_cache
@login_required
@limit_roster_search
def member_list(request: HttpRequest) -> HttpResponse:
    form, scope, qs = _filtered_members(request)
    return render(
        request,
        "members/member_list.html",
        {"form": form, "scope": scope, "page": paginate(request, qs)},
    )


@never_cache
@login_required
@limit_roster_search
@require_http_methods(["GET", "POST"])
def member_export(request: HttpRequest) -> HttpResponse:
    """POST (the list's 导出 button, filters in the query string): the export runs as a job and
    its page shows the progress. GET (old links): back to the list with the same filters."""
    _form, scope, _qs = _filtered_members(request)  # a 404 for an organisation out of sight
    if request.method == "GET":
        query = request.GET.urlencode()
        return redirect(reverse("members:member_list") + (f"?{query}" if query else ""))
    parameters = roster_parameters(request.GET)
    if request.POST.get("format") in FORMATS:
        parameters["format"] = request.POST["format"]
    job = export_start(kind=ROSTER, actor=request.user, organisation=scope, parameters=parameters)
    return redirect(job)


@never_cache
@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, action=Action.VIEW)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "show_id": can_see_full_id(request.user, member),
            "can_manage": can(request.user, Action.MANAGE, member.branch),
            "transfers": member.transfers.select_related("from_branch", "to_branch", "actor"),
            "posts": member.posts.select_related("term"),
            "rights_problem": member.voting_rights_problem(),
            "party_age": member.party_age(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest, branch_pk: int) -> HttpResponse:
    branch = get_organisation_for(request.user, branch_pk, action=Action.MANAGE)
    if not branch.is_branch:
        raise Http404
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(actor=request.user, branch=branch, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已新增党员 %(name)s。") % {"name": member.name})
            return redirect(member)
    return render(
        request, "members/member_form.html", {"form": form, "branch": branch, "member": None}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, action=Action.MANAGE)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        member.refresh_from_db()
        try:
            services.member_update(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(member)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "branch": member.branch, "member": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for(request.user, pk, action=Action.MANAGE)
    branches = (
        organisations_for(request.user, Action.MANAGE)
        .filter(kind=OrganisationKind.BRANCH, is_active=True)
        .order_by("code")
    )  # the member's own branch too: the picker offers it, the service says why it is refused
    form = TransferForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("组织关系已转接。"))
            return redirect(member)
    return render(request, "members/member_transfer.html", {"form": form, "member": member})


def _import_scopes(user):
    return organisations_for(user, Action.MANAGE).filter(is_active=True).order_by("path")


@login_required
def import_template_download(request: HttpRequest) -> HttpResponse:
    if not _import_scopes(request.user).exists():
        raise Http404
    with_code = request.GET.get("scope") != "branch"
    name = "党员导入模板.xlsx" if with_code else "党员导入模板-单个支部.xlsx"
    return download(import_template(with_branch_code=with_code), name)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    scopes = _import_scopes(request.user)
    if not scopes.exists():
        raise Http404
    initial = {}
    if request.GET.get("org"):
        initial["organisation"] = scopes.filter(pk=request.GET["org"]).first()
    form = ImportForm(
        request.POST or None, request.FILES or None, organisations=scopes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            organisation=form.cleaned_data["organisation"],
            created_by=request.user,
            file=upload,
            original_name=upload.name[:255],
            dry_run=form.cleaned_data["dry_run"],
        )
        import_job_start(job)
        return redirect(job)
    recent = ImportJob.objects.filter(created_by=request.user).select_related("organisation")[:10]
    return render(
        request,
        "members/import_upload.html",
        {"form": form, "recent": recent, "kinds": OrganisationKind},
    )


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_expire_stale(get_import_job_for(request.user, pk))
    return render(request, "members/import_detail.html", {"job": job})


@login_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = import_job_expire_stale(get_import_job_for(request.user, pk))
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "finished": job.finished,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "percent": job.percent,
            "message": job.message,
        }
    )

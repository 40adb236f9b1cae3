"""Roster pages: list, detail, edit, transfer, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
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
    members_for,
    organisations_for,
    subtree_q,
)
from branches.models import OrganisationKind
from branches.responses import download
from branches.throttle import limit_roster_search
from branches.views import apply_validation_error, paginate

from . import services
from .forms import ImportForm, MemberFilterForm, MemberForm, TransferForm
from .idcard import normalise
from .jobs import import_job_expire_stale, import_job_start
from .models import ImportJob
from .spreadsheets import import_template, roster_export


def _id_number_q(user, q: str) -> Q:
    """Members whose ID number is exactly `q`, among those whose full number `user` may see.

    Only a whole 18-character number matches (the X check digit in either case), and only for
    members the user manages (`can_see_full_id`): a partial match would let anyone who sees the
    masked number recover it one digit at a time.
    """
    number = normalise(q)
    if len(number) != 18:
        return Q(pk__in=[])
    visible = subtree_q(user, Action.MANAGE, "branch__path")  # as can_see_full_id
    match = Q(id_number__iexact=number)
    return match if visible is None else match & visible


def _filtered_members(request: HttpRequest):
    form = MemberFilterForm(request.GET or None)
    qs = members_for(request.user).select_related("branch")
    scope = None
    if request.GET.get("org"):
        try:
            scope = get_organisation_for(request.user, int(request.GET["org"]), action=Action.VIEW)
        except ValueError:
            raise Http404 from None
        qs = qs.filter(branch__path__startswith=scope.path)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            found = Q(name__icontains=q) | Q(phone__icontains=q)
            qs = qs.filter(found | _id_number_q(request.user, q))
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["rights"]:
            qs = qs.filter(rights=data["rights"])
        if data["order"] == "strokes":
            return form, scope, qs.order_by("name_order", "pk")
    return form, scope, qs.order_by("branch__path", "name", "pk")


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
def member_export(request: HttpRequest) -> HttpResponse:
    _form, scope, qs = _filtered_members(request)
    user = request.user
    data = roster_export(qs.iterator(chunk_size=2000), show_id=lambda m: can_see_full_id(user, m))
    name = f"党员名册-{scope.code if scope else 'all'}-{timezone.localdate():%Y%m%d}.xlsx"
    return download(data, name)


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
        .exclude(pk=member.branch_id)
        .order_by("code")
    )
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

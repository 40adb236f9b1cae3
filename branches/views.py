"""Pages of the organisation tree. Thin: access helper, form, service, message, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .access import Action, can, get_organisation_for, organisations_for
from .forms import (
    OrganisationFilterForm,
    OrganisationForm,
    OrganisationMoveForm,
    TermForm,
    TermPostFormSet,
)
from .member_pickers import MEMBER_PICKERS, member_label, search_members
from .models import OrganisationKind
from .paging import CappedPaginator
from .pickers import PICKERS, label, search
from .throttle import limit_roster_search

PER_PAGE = 50


def paginate(request: HttpRequest, qs, per_page: int = PER_PAGE):
    return CappedPaginator(qs, per_page).get_page(request.GET.get("page"))


def apply_validation_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "branches/home.html", selectors.home_for(request.user))


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisation_list(organisations_for(request.user), **filters)
    return render(
        request,
        "branches/organisation_list.html",
        {"form": form, "page": paginate(request, qs)},
    )


@login_required
@limit_roster_search
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, action=Action.VIEW)
    context = selectors.organisation_detail(org, request.GET)
    context["page"] = paginate(request, context.pop("rows"))
    context["can_manage"] = can(request.user, Action.MANAGE, org)
    context["can_work"] = can(request.user, Action.WORK, org)
    return render(request, "branches/organisation_detail.html", context)


@login_required
def organisation_pick(request: HttpRequest, picker: str) -> JsonResponse:
    """A picker's matches for `?q=`: the first 20 organisations it offers this user whose name
    holds the text or whose code starts with it (branches/pickers.py)."""
    offered = PICKERS.get(picker)
    if offered is None:
        raise Http404
    rows = search(offered(request.user), request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"value": str(org.pk), "text": label(org)} for org in rows]},
        headers={"Cache-Control": "private, no-store"},
    )


@login_required
def member_pick(request: HttpRequest, picker: str, pk: int) -> JsonResponse:
    """A member picker's matches for `?q=` among the members it offers for object `pk`
    (branches/member_pickers.py); 404 where the user's roles do not reach the object."""
    offered = MEMBER_PICKERS.get(picker)
    if offered is None:
        raise Http404
    rows = search_members(offered(request.user, pk), request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"value": str(m.pk), "text": member_label(m)} for m in rows]},
        headers={"Cache-Control": "private, no-store"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    parent = get_organisation_for(request.user, parent_pk, action=Action.MANAGE)
    if parent.is_branch:
        raise Http404
    form = OrganisationForm(request.POST or None, initial={"kind": OrganisationKind.BRANCH})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(
                actor=request.user, parent=parent, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已新建“%(name)s”。") % {"name": org.name})
            return redirect(org)
    return render(
        request, "branches/organisation_form.html", {"form": form, "parent": parent, "org": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, action=Action.MANAGE)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        org.refresh_from_db()
        try:
            services.organisation_update(actor=request.user, organisation=org, **fields)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(org)
    return render(
        request, "branches/organisation_form.html", {"form": form, "parent": org.parent, "org": org}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_move(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, action=Action.MANAGE)
    parents = (
        organisations_for(request.user, Action.MANAGE)
        .exclude(kind=OrganisationKind.BRANCH)
        .exclude(path__startswith=org.path)
    )
    form = OrganisationMoveForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_move(
                actor=request.user, organisation=org, new_parent=form.cleaned_data["new_parent"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已移动，下级组织一并移动。"))
            return redirect(org)
    return render(request, "branches/organisation_move.html", {"form": form, "org": org})


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, pk, action=Action.MANAGE)
    if not org.is_branch:
        raise Http404
    form = TermForm(request.POST or None)
    formset = TermPostFormSet(request.POST or None, prefix="posts", form_kwargs={"branch": org})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        posts = [
            (f.cleaned_data["post"], f.cleaned_data.get("member"), f.cleaned_data["person_name"])
            for f in formset
            if f.cleaned_data.get("post")
        ]
        try:
            term = services.term_start(
                actor=request.user, organisation=org, posts=posts, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已登记第%(n)s届。") % {"n": term.number})
            return redirect(org)
    return render(
        request,
        "branches/term_form.html",
        {"form": form, "formset": formset, "org": org, "current": org.current_term()},
    )

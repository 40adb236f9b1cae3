"""A campaign's own pages: the list, the plan (create, edit, 倒排工期), its scope and its launch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from branches.access import Action
from branches.models import Organisation
from branches.views import paginate
from elections.forms.campaign import CampaignFilterForm, CampaignForm, ScopeAddForm, ScopeRemoveForm
from elections.models import Campaign
from elections.selectors.access import campaigns_for, get_campaign_for
from elections.selectors.campaign import (
    addable_organisations,
    campaign_organisations,
    launch_plan,
    scope_rows,
)
from elections.selectors.campaign import (
    campaign_list as list_for,
)
from elections.services import campaign as service
from elections.services import campaign_launch as launch_service
from elections.views.common import attempt


def _scope_url(campaign: Campaign) -> str:
    return reverse("campaigns:scope", args=[campaign.pk])


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return render(
        request,
        "elections/campaign/list.html",
        {
            "form": form,
            "page": paginate(request, list_for(request.user, q=q)),
            "can_create": campaign_organisations(request.user).exists(),
        },
    )


def _plan_page(request: HttpRequest, form: CampaignForm, campaign: Campaign | None) -> HttpResponse:
    return render(request, "elections/campaign/form.html", {"form": form, "campaign": campaign})


def _plan(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    """The plan's form for both create and edit: "按结束日期倒排" fills the deadlines and shows the
    form again; saving goes through the service, whose refusal lands on the fields it names."""
    organisations = campaign_organisations(request.user)
    if request.method != "POST":
        form = CampaignForm(organisations=organisations, campaign=campaign)
        return _plan_page(request, form, campaign)
    form = CampaignForm(request.POST, organisations=organisations, campaign=campaign)
    if not form.is_valid():
        return _plan_page(request, form, campaign)
    if "spread" in request.POST:
        spread = form.spread()
        if spread is None:
            return _plan_page(request, form, campaign)
        data = request.POST.copy()
        for step, day in spread.items():
            data[step] = day
        messages.info(request, _("已按结束日期倒排各步骤的完成时限，请核对后保存。"))
        filled = CampaignForm(data, organisations=organisations, campaign=campaign)
        return _plan_page(request, filled, campaign)
    if campaign is None:
        call = lambda: service.campaign_create(  # noqa: E731
            actor=request.user, organisation=form.running_organisation, **form.service_arguments()
        )
        done = _("已制定集中换届工作计划，请核对换届范围。")
    else:
        call = lambda: service.campaign_update(  # noqa: E731
            actor=request.user, campaign=campaign, **form.service_arguments()
        )
        done = _("已保存。")
    saved = attempt(request, call, done, form=form)
    if not saved:
        return _plan_page(request, form, campaign)
    return redirect(_scope_url(saved.value))


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not campaign_organisations(request.user).exists():
        raise Http404
    return _plan(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan(request, get_campaign_for(request.user, pk, action=Action.APPROVE))


@login_required
@require_http_methods(["GET", "POST"])
def campaign_scope(request: HttpRequest, pk: int) -> HttpResponse:
    """The scope: seen by whoever sees the campaign; changed (POST) by its approvers only."""
    action = Action.APPROVE if request.method == "POST" else Action.VIEW
    campaign = get_campaign_for(request.user, pk, action=action)
    can_change = campaigns_for(request.user, Action.APPROVE).filter(pk=pk).exists()
    included = campaign.entries.filter(included=True).values("branch_id")
    add_form = ScopeAddForm(organisations=addable_organisations(campaign), prefix="add")
    remove_form = ScopeRemoveForm(
        organisations=Organisation.objects.filter(pk__in=included),
        prefix="remove",
    )
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "add":
            add_form = ScopeAddForm(
                request.POST, organisations=addable_organisations(campaign), prefix="add"
            )
            form, call = add_form, service.campaign_scope_add
            done = _("已纳入换届范围。")
        else:
            remove_form = ScopeRemoveForm(
                request.POST, organisations=remove_form.fields["branch"].queryset, prefix="remove"
            )
            form, call = remove_form, service.campaign_scope_remove
            done = _("已移出换届范围。")
        if form.is_valid():
            data = form.cleaned_data
            changed = attempt(
                request,
                lambda: call(
                    actor=request.user,
                    campaign=campaign,
                    branch=data["branch"],
                    reason=data["reason"],
                ),
                done,
                form=form,
            )
            if changed:
                return redirect(_scope_url(campaign))
    return render(
        request,
        "elections/campaign/scope.html",
        {
            "campaign": campaign,
            "rows": scope_rows(campaign),
            "can_change": can_change,
            "add_form": add_form,
            "remove_form": remove_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_launch(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what a launch would start and what it would not, and the latest launch's progress;
    POST: launch, as a job of the worker (the page then follows its progress)."""
    campaign = get_campaign_for(request.user, pk, action=Action.APPROVE)
    if request.method == "POST":
        attempt(
            request,
            lambda: launch_service.campaign_launch_request(actor=request.user, campaign=campaign),
        )
        return redirect("campaigns:launch", pk=campaign.pk)
    launch = launch_service.latest_launch(campaign)
    return render(
        request,
        "elections/campaign/launch.html",
        {
            "campaign": campaign,
            "plan": launch_plan(campaign),
            "launch": launch,
            "running": launch is not None and not launch.finished,
        },
    )


@never_cache
@login_required
def campaign_launch_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The latest launch's progress, polled by its page (static/js/import.js)."""
    campaign = get_campaign_for(request.user, pk, action=Action.APPROVE)
    launch = launch_service.latest_launch(campaign)
    if launch is None:
        raise Http404
    return JsonResponse(
        {
            "status": launch.status,
            "status_label": launch.get_status_display(),
            "finished": launch.finished,
            "processed": launch.processed_rows,
            "total": launch.total_rows,
            "percent": launch.percent,
            "message": launch.message,
        }
    )

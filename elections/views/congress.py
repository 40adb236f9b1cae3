"""Views of the delegates' congress: its page (allotment, units, delegates, sign-in) and the forms
that change it. A refused form comes back on the page with everything typed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, can
from branches.responses import download
from branches.views import paginate
from elections.documents.congress import congress_method_pdf, delegate_list_xlsx
from elections.forms.congress import (
    AllotForm,
    CredentialForm,
    ReportVoteForm,
    SignInForm,
    UnitElectionForm,
    UnitSeatsForm,
)
from elections.models import Credential, DelegateUnit, Phase, Renewal, Round, WorkReport
from elections.selectors.access import get_delegate_for, get_delegate_unit_for, get_renewal_for
from elections.selectors.congress import (
    allotment_problems,
    congress_figures,
    congress_of,
    may_hold_congress,
    unit_voters,
)
from elections.selectors.meeting import unit_meetings
from elections.services import congress as service
from elections.services import congress_reports
from elections.views.common import attempt
from elections.workflow.machine import phase_open, plan_editable

#: The phases in which the units' meetings have a page.
MEETING_PHASES = (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE)


def _page_url(renewal: Renewal) -> str:
    return reverse("elections:congress_page", args=[renewal.pk])


def _render(request: HttpRequest, renewal: Renewal, **forms: Any) -> HttpResponse:
    congress = congress_of(renewal)
    user = request.user
    context: dict[str, Any] = {
        "renewal": renewal,
        "congress": congress,
        "may_hold": may_hold_congress(renewal),
        "can_work": can(user, Action.WORK, renewal.branch),
        "can_approve": can(user, Action.APPROVE, renewal.branch),
        "plan_editable": plan_editable(renewal),
        "allot_form": forms.get("allot_form")
        or AllotForm(
            initial={"total": congress.total, "minimum": congress.minimum} if congress else None
        ),
    }
    if congress is not None:
        delegates = [d for u in congress.units.all() for d in u.delegates.all()]
        query = request.GET.get("q", "").strip()
        confirmed = [d for d in delegates if d.credential == Credential.CONFIRMED]
        unit_forms = forms.get("unit_forms", {})
        credential_forms = forms.get("credential_forms", {})
        election_forms = forms.get("election_forms", {})
        voting = congress.approved and phase_open(renewal, Phase.VOTE) and context["can_work"]
        # Each unit elects at its own members' meeting (its page from the vote on); a unit that
        # held it outside the system enters the finished tally sheet instead.
        meetings = unit_meetings(renewal) if renewal.phase in MEETING_PHASES else {}
        started = set(
            Round.objects.filter(meeting__in=meetings.values()).values_list(
                "meeting__unit_id", flat=True
            )
        )
        context |= {
            "unit_rows": [
                (
                    u,
                    unit_forms.get(u.pk) or UnitSeatsForm(initial={"seats": u.seats}),
                    _election_form(u, election_forms)
                    if voting and not u.elected and u.pk not in started
                    else None,
                    meetings.get(u.pk),
                )
                for u in congress.units.all()
            ],
            "query": query,
            "delegate_page": paginate(
                request,
                [
                    (d, credential_forms.get(d.pk) or CredentialForm())
                    for d in delegates
                    if query in d.name or query in d.unit.unit.name
                ],
            ),
            "figures": congress_figures(congress),
            "problems": allotment_problems(congress),
            "sign_in_form": forms.get("sign_in_form") or SignInForm(confirmed=confirmed),
            "report_votes": list(congress.votes.all()),
            "report_vote_form": forms.get("report_vote_form")
            or ReportVoteForm(reports=_reports(renewal)),
        }
    return render(request, "elections/congress/page.html", context)


def _reports(renewal: Renewal) -> list[tuple[str, str]]:
    """The work reports the congress votes on: the committee's, and the commission's where the
    renewal elects one."""
    reports = [WorkReport.COMMITTEE, *([WorkReport.COMMISSION] if renewal.commission_seats else [])]
    return [(str(r), str(WorkReport(r).label)) for r in reports]


def _election_form(unit: DelegateUnit, bound: dict[int, UnitElectionForm]) -> UnitElectionForm:
    return bound.get(unit.pk) or UnitElectionForm(voters=[])


@login_required
def congress_page(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.VIEW)
    return _render(request, renewal)


@login_required
def delegate_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of delegates (代表名单) with the credentials check's decisions, as Excel."""
    renewal = get_renewal_for(request.user, pk, action=Action.VIEW)
    congress = congress_of(renewal)
    if congress is None:
        raise Http404
    return download(delegate_list_xlsx(congress), "党员代表大会代表名单.xlsx")


@login_required
def congress_method(request: HttpRequest, pk: int) -> HttpResponse:
    """The congress's election method (选举办法), as the congress will adopt it."""
    renewal = get_renewal_for(request.user, pk, action=Action.VIEW)
    if congress_of(renewal) is None:
        raise Http404
    return download(congress_method_pdf(renewal), "党员代表大会选举办法.pdf", inline=True)


@login_required
@require_POST
def congress_allot(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = AllotForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: service.congress_allot(actor=request.user, renewal=renewal, **form.cleaned_data),
        _("已按党员人数分配代表名额。"),
        form,
    ):
        return redirect(_page_url(renewal))
    return _render(request, renewal, allot_form=form)


@login_required
@require_POST
def congress_drop(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    attempt(
        request,
        lambda: service.congress_drop(actor=request.user, renewal=renewal),
        _("已改为召开党员大会。"),
    )
    return redirect(_page_url(renewal))


@login_required
@require_POST
def unit_seats_change(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    unit = get_delegate_unit_for(request.user, pk, unit_pk, action=Action.WORK)
    renewal = unit.congress.renewal
    form = UnitSeatsForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: service.unit_seats_change(
            actor=request.user, renewal=renewal, unit=unit, **form.cleaned_data
        ),
        _("已调整代表名额。"),
        form,
    ):
        return redirect(_page_url(renewal))
    return _render(request, renewal, unit_forms={unit.pk: form})


@login_required
@require_POST
def congress_approve(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.APPROVE)
    attempt(
        request,
        lambda: service.congress_approve_allotment(actor=request.user, renewal=renewal),
        _("已批准代表名额分配。"),
    )
    return redirect(_page_url(renewal))


@login_required
@require_POST
def delegate_check(request: HttpRequest, pk: int, delegate_pk: int) -> HttpResponse:
    delegate = get_delegate_for(request.user, pk, delegate_pk, action=Action.WORK)
    renewal = delegate.unit.congress.renewal
    form = CredentialForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: service.delegate_credentials_check(
            actor=request.user, renewal=renewal, delegate=delegate, **form.cleaned_data
        ),
        _("已保存对 %(n)s 的资格审查。") % {"n": delegate.name},
        form,
    ):
        return redirect(_page_url(renewal))
    return _render(request, renewal, credential_forms={delegate.pk: form})


@login_required
@require_POST
def congress_sign_in(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    congress = congress_of(renewal)
    confirmed = [
        d
        for u in (congress.units.all() if congress else [])
        for d in u.delegates.all()
        if d.credential == Credential.CONFIRMED
    ]
    form = SignInForm(request.POST, confirmed=confirmed)
    if form.is_valid() and attempt(
        request,
        lambda: service.congress_sign_in(
            actor=request.user,
            renewal=renewal,
            members=[d.member for d in form.cleaned_data["delegates"]],
        ),
        _("已保存签到。"),
        form,
    ):
        return redirect(_page_url(renewal))
    return _render(request, renewal, sign_in_form=form)


@login_required
@require_POST
def unit_election_record(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """A unit's delegate election as its tally sheet reads."""
    unit = get_delegate_unit_for(request.user, pk, unit_pk, action=Action.WORK)
    renewal = unit.congress.renewal
    form = UnitElectionForm(request.POST, voters=unit_voters(unit.unit))
    if form.is_valid() and attempt(
        request,
        lambda: service.delegate_election_record(
            actor=request.user,
            renewal=renewal,
            unit=unit,
            marks=form.cleaned_data["tally"],
            **{k: v for k, v in form.cleaned_data.items() if k != "tally"},
        ),
        _("已录入%(u)s的代表选举结果。") % {"u": unit.unit.name},
        form,
    ):
        return redirect(_page_url(renewal))
    return _render(request, renewal, election_forms={unit.pk: form})


@login_required
@require_POST
def congress_report_vote(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ReportVoteForm(request.POST, reports=_reports(renewal))
    if form.is_valid() and attempt(
        request,
        lambda: congress_reports.congress_report_vote(
            actor=request.user, renewal=renewal, **form.cleaned_data
        ),
        _("已登记工作报告的表决结果。"),
        form,
    ):
        return redirect(_page_url(renewal))
    return _render(request, renewal, report_vote_form=form)

"""Views of the publicise phase, and the public notice page (no login) with its objection form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches.access import Action, can
from branches.client import client_ip
from elections.forms.publicise import NoticeForm, ObjectionForm
from elections.models import Phase, WithdrawalKind
from elections.selectors.access import get_public_notice, get_renewal_for
from elections.selectors.notices import notices_of, people_on, running
from elections.services import publicise as publicise_service
from elections.views.common import attempt
from elections.workflow.machine import phase_open


@login_required
@require_POST
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = NoticeForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: publicise_service.notice_publish(
                actor=request.user, renewal=renewal, **form.cleaned_data
            ),
            _("公示已发布。"),
        )
    else:
        problems = [f"{form[name].label}：{' '.join(e)}" for name, e in form.errors.items()]
        messages.error(request, _("请检查公示信息。") + " " + "；".join(problems))
    return redirect(renewal)


@login_required
@require_POST
def objection_resolve(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.APPROVE)
    objection = get_object_or_404(renewal.objections, pk=objection_pk)
    attempt(
        request,
        lambda: publicise_service.objection_resolve(
            actor=request.user, objection=objection, outcome=request.POST.get("outcome", "")
        ),
        _("处理结果已记录。"),
    )
    return redirect(renewal)


@login_required
@require_POST
def candidate_withdraw(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    if not (
        can(request.user, Action.WORK, renewal.branch)
        or can(request.user, Action.APPROVE, renewal.branch)
    ):
        raise Http404
    nominee = get_object_or_404(renewal.nominees.select_related("member", "renewal"), pk=nominee_pk)
    done = attempt(
        request,
        lambda: publicise_service.candidate_withdraw(
            actor=request.user,
            nominee=nominee,
            reason=request.POST.get("reason", ""),
            kind=request.POST.get("kind") or WithdrawalKind.WITHDRAWN,
        ),
    )
    if done and phase_open(done.value, Phase.VET):
        messages.warning(request, _("退出后差额不足，换届已退回上级审查。"))
    return redirect(renewal)


@require_http_methods(["GET", "POST"])
def public_notice(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the current notice, the earlier ones of the renewal, and a form for objections."""
    renewal, notice = get_public_notice(token)
    candidates = people_on(notice)
    form = ObjectionForm(request.POST or None, candidates=candidates)
    sent = request.GET.get("sent") == "1"
    if request.method == "POST" and form.is_valid():
        sent_now = attempt(
            request,
            lambda: publicise_service.objection_submit(
                renewal=renewal, address=client_ip(request), **form.cleaned_data
            ),
            form=form,
        )
        if sent_now:
            # Redirect, so that reloading the page does not send the objection again.
            return redirect(f"{request.path}?sent=1")
    earlier = [n for n in notices_of(renewal, notice.kind) if n.number < notice.number]
    return render(
        request,
        "elections/public_notice.html",
        {
            "renewal": renewal,
            "notice": notice,
            "candidates": candidates,
            "earlier": earlier,
            "form": form,
            "sent": sent,
            "open": running(notice),
        },
    )

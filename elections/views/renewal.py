"""The renewal list, the renewal page, its steps (from the workflow's table) and its documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, get_organisation_for
from branches.responses import download
from branches.views import paginate
from elections.documents import build_pdf
from elections.forms.prepare import RenewalFilterForm
from elections.models import DocumentKind, Meeting
from elections.selectors.access import get_renewal_for, renewals_for
from elections.selectors.congress import congress_of
from elections.services import prepare as prepare_service
from elections.views.common import attempt
from elections.views.page import page_context
from elections.workflow.transitions import TRANSITIONS


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
    opened = attempt(
        request,
        lambda: prepare_service.renewal_open(actor=request.user, branch=branch),
        _("已启动换届，请填写换届方案。"),
    )
    return redirect(opened.value if opened else branch)


@login_required
def renewal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    return render(request, "elections/renewal_detail.html", page_context(request, renewal))


@login_required
@require_POST
def renewal_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Take one step of the workflow's table with the service its row names."""
    transition = TRANSITIONS.get(name)
    if transition is None or not transition.service:
        raise Http404
    renewal = get_renewal_for(request.user, pk, action=transition.action)
    service = import_string(transition.service)
    reason = {"reason": request.POST.get("reason", "")} if transition.needs_reason else {}
    attempt(
        request,
        lambda: service(actor=request.user, renewal=renewal, **reason),
        _("已完成：%(label)s。") % {"label": transition.label},
    )
    return redirect(renewal)


#: The papers of a renewal by delegates' congress, and of one by members' meeting instead.
CONGRESS_ONLY = (DocumentKind.CONGRESS_METHOD, DocumentKind.CONGRESS_NOTICE)
EITHER = (*CONGRESS_ONLY, DocumentKind.METHOD, DocumentKind.MEETING_NOTICE)
#: A tally sheet is a round's, a unit's notice and method the unit's (elections:unit_document).
PREVIEWED_ELSEWHERE = (DocumentKind.TALLY, DocumentKind.UNIT_NOTICE, DocumentKind.UNIT_METHOD)


@login_required
def document_preview(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    if kind not in DocumentKind.values or kind in PREVIEWED_ELSEWHERE:
        raise Http404
    if (kind in CONGRESS_ONLY) != (congress_of(renewal) is not None) and kind in EITHER:
        # Only a renewal by delegates' congress has the congress's notice and method, and it
        # has no members' meeting's.
        raise Http404
    try:
        data = build_pdf(renewal, kind)
    except Meeting.DoesNotExist:
        # The meeting's documents exist once the renewal has entered the vote.
        raise Http404 from None
    return download(data, f"{DocumentKind(kind).label}（草稿）.pdf", inline=True)


@login_required
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    doc = get_object_or_404(renewal.documents, pk=doc_pk)
    name = f"{doc.get_kind_display()}{doc.label}-{doc.issued_at:%Y%m%d}.pdf"
    return download(doc.file, name, inline=True)

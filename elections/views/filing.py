"""Filing upward (备案): the filings list, a filing's page, its documents, the acknowledgement."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, can
from branches.responses import download
from branches.views import paginate
from elections.forms.filing import FilingAcknowledgeForm, FilingFilterForm
from elections.models import Filing
from elections.selectors.filing import filing_documents, filing_list, get_filing_for
from elections.services import filing as service
from elections.views.common import attempt


@login_required
def filings(request: HttpRequest) -> HttpResponse:
    form = FilingFilterForm(request.GET or None)
    found = form.cleaned_data if form.is_valid() else {}
    qs = filing_list(
        request.user,
        q=found.get("q", ""),
        state=found.get("state", ""),
        received=found.get("received", False),
    )
    return render(
        request, "elections/filing/list.html", {"form": form, "page": paginate(request, qs)}
    )


def _page(
    request: HttpRequest, filing: Filing, form: FilingAcknowledgeForm | None = None
) -> HttpResponse:
    may_acknowledge = not filing.acknowledged and can(request.user, Action.APPROVE, filing.filed_by)
    context = {
        "filing": filing,
        "documents": filing_documents(filing),
        "may_acknowledge": may_acknowledge,
        "form": form or FilingAcknowledgeForm(),
    }
    return render(request, "elections/filing/detail.html", context)


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_filing_for(request.user, pk))


@login_required
def filing_document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    filing = get_filing_for(request.user, pk)
    doc = get_object_or_404(filing_documents(filing), pk=doc_pk)
    return download(doc.stored, f"{doc.title}.pdf", inline=True)


@login_required
@require_POST
def filing_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    filing = get_filing_for(request.user, pk, action=Action.APPROVE)
    form = FilingAcknowledgeForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: service.filing_acknowledge(
            actor=request.user, filing=filing, note=form.cleaned_data["note"]
        ),
        _("已确认备案。"),
        form=form,
    ):
        return redirect(filing)
    return _page(request, get_filing_for(request.user, pk), form)

"""Views of the archive phase: summary and handover, the sealed archive."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from branches.responses import download
from elections.forms.archive import ArchiveForm
from elections.selectors.access import get_renewal_for
from elections.services import archive as archive_service
from elections.views.common import attempt, rerender


@login_required
@require_POST
def archive_save(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ArchiveForm(request.POST, handover=renewal.handover)
    if form.is_valid() and attempt(
        request,
        lambda: archive_service.archive_save(
            actor=request.user,
            renewal=renewal,
            summary=form.cleaned_data["summary"],
            handover=form.handover(),
        ),
        _("总结和交接情况已保存。"),
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, archive_form=form)


@login_required
def archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The sealed archive, the same bytes every time."""
    renewal = get_renewal_for(request.user, pk)
    if not renewal.sealed_at or not renewal.archive:
        raise Http404
    name = _("换届档案") + f"-{renewal.branch.name}-{renewal.sealed_at:%Y%m%d}.zip"
    return download(renewal.archive, name)

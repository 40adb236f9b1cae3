"""Views of the vet phase: the superior's review of each nominee."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action
from branches.responses import upload
from elections.models import Phase
from elections.services import vet as vet_service
from elections.views.common import attempt, nominee_for, rerender
from elections.views.page import review_form
from elections.workflow.machine import phase_open


@login_required
@require_POST
def nominee_review(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    """Save one nominee's review; refused, the page comes back with everything typed and the
    error next to the field, under the name of the nominee whose form failed."""
    nominee = nominee_for(request, pk, nominee_pk, Action.APPROVE)
    form = review_form(nominee, data=request.POST, files=request.FILES)
    name = nominee.member.name
    if form.is_valid() and attempt(
        request,
        lambda: vet_service.nominee_review(
            actor=request.user, nominee=nominee, **form.cleaned_data
        ),
        _("已保存对 %(n)s 的审查。") % {"n": name},
        form,
    ):
        return redirect(nominee.renewal)
    messages.error(request, _("对 %(n)s 的审查未保存，请按提示修改后重新保存。") % {"n": name})
    if not phase_open(nominee.renewal, Phase.VET):  # the page shows no review form to refill
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(nominee.renewal)
    return rerender(request, nominee.renewal, review_forms={nominee.pk: form})


@login_required
def pledge_download(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    """A nominee's signed pledge, for whoever may see the renewal; never from MEDIA_URL."""
    nominee = nominee_for(request, pk, nominee_pk, Action.VIEW)
    if not nominee.pledge:
        raise Http404
    return upload(nominee.pledge, _("承诺书") + f"-{nominee.member.name}")

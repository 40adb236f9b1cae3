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
from elections.forms.vet import ReviewForm
from elections.services import vet as vet_service
from elections.views.common import attempt, nominee_for


@login_required
@require_POST
def nominee_review(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    nominee = nominee_for(request, pk, nominee_pk, Action.APPROVE)
    form = ReviewForm(request.POST, request.FILES, prefix=f"n{nominee.pk}")
    if form.is_valid():
        attempt(
            request,
            lambda: vet_service.nominee_review(
                actor=request.user, nominee=nominee, **form.cleaned_data
            ),
            _("已保存对 %(n)s 的审查。") % {"n": nominee.member.name},
        )
    else:
        messages.error(request, _("审查表填写有误，请检查。"))
    return redirect(nominee.renewal)


@login_required
def pledge_download(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    """A nominee's signed pledge, for whoever may see the renewal; never from MEDIA_URL."""
    nominee = nominee_for(request, pk, nominee_pk, Action.VIEW)
    if not nominee.pledge:
        raise Http404
    return upload(nominee.pledge, _("承诺书") + f"-{nominee.member.name}")

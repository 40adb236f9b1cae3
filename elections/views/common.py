"""What the views share: a service's refusal onto a form or into messages, download responses,
the page re-rendered with a bound form, small request helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from branches.access import Action
from branches.views import apply_validation_error
from elections.documents.ballots import MAX_COPIES
from elections.models import Meeting, MeetingKind, Nominee, Renewal
from elections.selectors.access import get_renewal_for
from elections.selectors.meeting import meeting_of
from elections.views.page import page_context
from elections.workflow.machine import TransitionRefused


def rerender(request: HttpRequest, renewal: Renewal, **extra) -> HttpResponse:
    return render(request, "elections/renewal_detail.html", page_context(request, renewal, **extra))


def refusal_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal, for a page that has no form to show it on."""
    messages.error(request, "；".join(exc.messages))


@dataclass(frozen=True)
class Attempt:
    """What `attempt` did: true when the service ran; `value` is what it returned."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request: HttpRequest, call: Callable[[], Any], success: str = "", form: Any = None
) -> Attempt:
    """Call the service. Done: `success` as a message. Refused: the refusal onto `form` (its
    fields where the service named them) or, with no form, one error message; a refused phase
    move shows each of its blockers."""
    try:
        value = call()
    except TransitionRefused as exc:
        for blocker in exc.reasons:
            messages.error(request, blocker.text)
        return Attempt(False)
    except ValidationError as exc:
        if form is not None:
            apply_validation_error(form, exc)
        else:
            refusal_to_messages(request, exc)
        return Attempt(False)
    if success:
        messages.success(request, success)
    return Attempt(True, value)


def copies_asked(request: HttpRequest, default: int) -> int:
    try:
        copies = int(request.GET.get("copies", default))
    except ValueError:
        copies = default
    return max(1, min(copies, MAX_COPIES))


def meeting_kind(kind: str) -> str:
    """The meeting named in a page's address: a kind, or ``unit-<pk>`` for an electing unit's
    meeting (Meeting.slug); anything else is not found."""
    unit = kind.removeprefix("unit-")
    if kind in MeetingKind.values and kind != MeetingKind.UNIT:
        return kind
    if unit != kind and unit.isdigit():
        return kind
    raise Http404


def meeting_url(meeting: Meeting) -> str:
    """The meeting-day page of `meeting` (any kind, a unit's meeting included)."""
    return reverse("elections:meeting_day", args=[meeting.renewal_id, meeting.slug])


def back_to(request: HttpRequest, renewal: Renewal) -> str:
    """Back to the page the form was on (the meeting page or the renewal page)."""
    nxt = request.POST.get("next", "")
    if nxt.startswith(renewal.get_absolute_url()):
        return nxt
    return renewal.get_absolute_url()


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def nominee_for(request: HttpRequest, pk: int, nominee_pk: int, action: Action) -> Nominee:
    renewal = get_renewal_for(request.user, pk, action=action)
    return get_object_or_404(renewal.nominees.select_related("member", "renewal"), pk=nominee_pk)


def meeting_or_404(renewal: Renewal, kind: str = MeetingKind.MEMBERS) -> Meeting:
    """The renewal's meeting of `kind` (a Meeting.slug: ``unit-<pk>`` names an electing unit's
    meeting); a meeting it does not hold (yet) is not found."""
    kind = meeting_kind(kind)
    if kind.startswith("unit-"):
        found = renewal.meetings.filter(kind=MeetingKind.UNIT, unit_id=int(kind[5:]))
        return get_object_or_404(found.select_related("unit__unit", "unit__congress"))
    try:
        return meeting_of(renewal, kind)
    except Meeting.DoesNotExist:
        raise Http404 from None

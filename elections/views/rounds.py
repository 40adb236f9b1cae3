"""Views of the rounds: opening, keying ballots or totals, closing; seat reduction and duties;
ballots and the count as files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, can
from branches.responses import download
from elections import domain
from elections.documents.ballots import ballot_pdf, ballots_sheet
from elections.documents.excel import count_workbook
from elections.forms.rounds import (
    BallotForm,
    CloseForm,
    DutiesForm,
    ReduceForm,
    ReturnedForm,
    RoundOpenForm,
    TotalsForm,
)
from elections.models import BallotEntry, EntryMode, MeetingKind, Phase, Round
from elections.selectors.access import get_renewal_for
from elections.selectors.count import (
    parse_marks,
    preview,
    round_sheet,
    split_names,
    write_in_names,
    write_ins_void,
)
from elections.selectors.meeting import committee
from elections.selectors.rounds import narrowable, next_round, pool
from elections.services import rounds as rounds_service
from elections.views.common import (
    attempt,
    copies_asked,
    meeting_or_404,
    rerender,
    wants_json,
)
from elections.views.meeting import meeting_day
from elections.views.page import leaders_of
from elections.workflow.machine import phase_open


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    m = meeting_or_404(renewal, kind)
    plan = next_round(m)
    people = pool(renewal, plan.body) if plan and plan.chosen_by_meeting else None
    form = RoundOpenForm(request.POST, pool=people, supplementary=narrowable(plan))
    if form.is_valid():
        chosen = form.cleaned_data.get("chosen")
        if chosen is not None:
            order = {pk: i for i, pk in enumerate(form.pool_order)}
            chosen = sorted(chosen, key=lambda member: order[member.pk])
        opened = attempt(
            request,
            lambda: rounds_service.round_open(
                actor=request.user,
                renewal=renewal,
                kind=m.kind,
                unit=m.unit,
                issued=form.cleaned_data["issued"],
                chosen=chosen,
                top_n=form.cleaned_data.get("top_n"),
            ),
            _("已发放选票，开始投票。"),
        )
        if opened:
            return redirect("elections:round_detail", renewal.pk, opened.value.pk)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("elections:meeting_day", renewal.pk, m.slug)


def _round_for(request: HttpRequest, pk: int, round_pk: int, action: Action) -> Round:
    renewal = get_renewal_for(request.user, pk, action=action)
    return get_object_or_404(
        Round.objects.select_related("meeting__renewal__branch"),
        pk=round_pk,
        meeting__renewal=renewal,
    )


@login_required
def round_detail(request: HttpRequest, pk: int, round_pk: int, **forms) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.VIEW)
    renewal = round_.meeting.renewal
    can_work = (
        can(request.user, Action.WORK, renewal.branch)
        and phase_open(renewal, Phase.VOTE)
        and round_.is_open
    )
    entries = list(round_.ballots.all())
    scrutineers = list(round_.meeting.scrutineers.values_list("name", flat=True))
    result = round_.result if not round_.is_open else preview(round_)
    context = {
        "renewal": renewal,
        "round": round_,
        "meeting": round_.meeting,
        "can_work": can_work,
        "entries": entries,
        "keyed": len(entries),
        "invalid_keyed": sum(1 for e in entries if not e.valid),
        "result": result,
        "sheet": round_sheet(round_, result) if result is not None else None,
        "next_plan": None if round_.is_open else next_round(round_.meeting),
        "eligible_names": sorted(write_in_names(renewal, round_.meeting))
        if round_.allow_write_ins
        else [],
    }
    if can_work:
        context["returned_form"] = forms.get("returned_form") or ReturnedForm(
            initial={"returned": round_.returned, "mode": round_.mode}
        )
        if round_.returned is not None and round_.mode == EntryMode.BALLOTS:
            context["ballot_form"] = forms.get("ballot_form") or BallotForm()
        if round_.returned is not None and round_.mode == EntryMode.TOTALS:
            context["totals_form"] = forms.get("totals_form") or TotalsForm(round_=round_)
        context["close_form"] = forms.get("close_form") or CloseForm(scrutineers=scrutineers)
    context["bars"] = _bars(result)
    void = write_ins_void(round_, entries)
    context["entry_rows"] = [
        (e, [e.marks.get(name, "abstain") for name in round_.names], _written(e, void))
        for e in reversed(entries)
    ]
    return render(request, "elections/round_detail.html", context)


def _written(entry: BallotEntry, void: dict[int, tuple[bool, ...]]) -> list[tuple[str, bool]]:
    """The names written on a keyed paper, each with whether it is void (R8), in paper order."""
    flags = void.get(entry.pk, ())
    return [(name, bool(flags) and flags[i]) for i, name in enumerate(entry.write_ins)]


def _bars(result: domain.RoundResult | None) -> list[dict]:
    """Rows of the bar chart: yes votes as a share of the majority base, threshold marked."""
    if result is None or result.void:
        return []
    base = max(result.base_size, 1)
    elected, runoff = set(result.elected), set(result.runoff)
    return [
        {
            "name": name,
            "votes": votes,
            "width": min(100, round(100 * votes / base)),
            "state": "elected" if name in elected else "runoff" if name in runoff else "",
        }
        for name, votes in result.yes.items()
    ]


@login_required
@require_POST
def round_returned(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    form = ReturnedForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: rounds_service.round_record_returned(
            actor=request.user, round_=round_, **form.cleaned_data
        ),
        _("已登记收回选票。"),
        form,
    ):
        round_.refresh_from_db()
        result = round_.result
        if result is not None and result.void:
            messages.warning(request, _("收回选票多于发出选票，本轮选举无效，须重新投票。"))
        return redirect("elections:round_detail", pk, round_pk)
    return round_detail(request, pk, round_pk, returned_form=form)


@login_required
@require_POST
def ballot_save(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    form = BallotForm(request.POST)
    entry = None
    saved = []
    error: list[str] = []
    if form.is_valid():
        if form.cleaned_data.get("entry"):
            entry = get_object_or_404(round_.ballots, pk=form.cleaned_data["entry"])
        try:
            marks = parse_marks(round_, form.cleaned_data["keys"])
            saved.append(
                rounds_service.ballot_save(
                    actor=request.user,
                    round_=round_,
                    marks=marks,
                    write_ins=split_names(form.cleaned_data["write_ins"]),
                    entry=entry,
                )
            )
        except ValidationError as exc:
            error = exc.messages
    else:
        error = [e for errors in form.errors.values() for e in errors]
    if wants_json(request):
        if error:
            return JsonResponse({"ok": False, "errors": error}, status=400)
        ballot = saved[0]
        return JsonResponse(
            {
                "ok": True,
                "id": ballot.pk,
                "number": ballot.number,
                "valid": ballot.valid,
                "marks": [ballot.marks.get(n, "abstain") for n in round_.names],
                "write_ins": ballot.write_ins,
                "write_ins_void": list(write_ins_void(round_, [ballot]).get(ballot.pk, ())),
                "keyed": round_.ballots.count(),
                "corrected": entry is not None,
            }
        )
    if error:
        for text in error:
            form.add_error(None, text)
        return round_detail(request, pk, round_pk, ballot_form=form)
    return redirect("elections:round_detail", pk, round_pk)


@login_required
@require_POST
def ballot_delete(request: HttpRequest, pk: int, round_pk: int, ballot_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    entry = get_object_or_404(round_.ballots.select_related("round"), pk=ballot_pk)
    attempt(
        request,
        lambda: rounds_service.ballot_delete(actor=request.user, entry=entry),
        _("已删除该张选票的录入。"),
    )
    return redirect("elections:round_detail", pk, round_pk)


@login_required
@require_POST
def totals_save(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    form = TotalsForm(request.POST, round_=round_)
    if form.is_valid() and attempt(
        request,
        lambda: rounds_service.totals_save(actor=request.user, round_=round_, **form.totals()),
        _("汇总票数已保存并通过核对。"),
        form,
    ):
        return redirect("elections:round_detail", pk, round_pk)
    return round_detail(request, pk, round_pk, totals_form=form)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    scrutineers = list(round_.meeting.scrutineers.values_list("name", flat=True))
    form = CloseForm(request.POST, scrutineers=scrutineers)
    if form.is_valid() and attempt(
        request,
        lambda: rounds_service.round_close(
            actor=request.user, round_=round_, confirmed_by=form.cleaned_data["confirmed_by"]
        ),
        _("计票结束，结果已记录。"),
        form,
    ):
        return redirect("elections:round_detail", pk, round_pk)
    return round_detail(request, pk, round_pk, close_form=form)


@login_required
@require_POST
def seats_reduce(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ReduceForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: rounds_service.seats_reduce(
            actor=request.user, renewal=renewal, agree=form.cleaned_data["agree"]
        ),
        _("已按大会决定减少委员名额。"),
        form,
    ):
        return redirect("elections:meeting_day", renewal.pk, MeetingKind.MEMBERS)
    return meeting_day(request, pk, MeetingKind.MEMBERS, bound={"reduce_form": form})


@login_required
@require_POST
def duties_set(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = DutiesForm(request.POST, members=committee(renewal), leaders=leaders_of(renewal))
    if form.is_valid() and attempt(
        request,
        lambda: rounds_service.duties_set(
            actor=request.user, renewal=renewal, duties=form.duties()
        ),
        _("委员分工已保存。"),
        form,
    ):
        return redirect(renewal)
    return rerender(request, renewal, duties_form=form)


@login_required
def round_ballots(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """The ballots of one round, as many copies as asked (default: ballots issued + spares)."""
    round_ = _round_for(request, pk, round_pk, Action.VIEW)
    renewal = round_.meeting.renewal
    sheet = ballots_sheet(
        renewal, body=round_.body, seats=round_.seats, names=round_.names,
        allow=round_.allow_write_ins, note=f"{round_.meeting.title} {round_}",
        held_on=round_.meeting.held_on,
    )  # fmt: skip
    data = ballot_pdf(sheet, copies_asked(request, round_.issued + 5))
    return download(data, f"{sheet.title}-{round_.number}.pdf", inline=True)


@login_required
def count_export(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    return download(count_workbook(renewal), _("计票结果") + f"-{renewal.branch.name}.xlsx")

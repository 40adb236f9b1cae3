"""The election meeting, the count, the approval and the archive. Thin views: access helper, form,
service, message, redirect (or JSON for the keyed pages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Action, can, get_renewal_for
from branches.views import apply_validation_error
from members.models import Member

from . import archive, counting, meeting
from .documents.attendance import attendance_pdf
from .documents.ballots import MAX_COPIES, ballot_pdf, ballots_sheet
from .documents.excel import count_workbook
from .forms_vote import (
    ArchiveForm,
    BallotForm,
    CandidatesForm,
    CloseForm,
    DutiesForm,
    MeetingForm,
    ReduceForm,
    ReturnedForm,
    RoundOpenForm,
    StaffForm,
    TotalsForm,
)
from .models import Body, EntryMode, MeetingKind, Phase, Renewal, Round, RoundKind
from .phases import standing_candidates


def _kind(kind: str) -> str:
    if kind not in MeetingKind.values:
        raise Http404
    return kind


def _people(renewal: Renewal, kind: str):
    if kind == MeetingKind.PLENARY:
        ids = [e.member_id for e in meeting.committee(renewal) if e.member_id]
        return Member.objects.filter(pk__in=ids).order_by("name")
    return Member.objects.filter(branch=renewal.branch).order_by("name")


def _meeting_block(renewal: Renewal, kind: str, can_work: bool, extra: dict) -> dict:
    m = meeting.meeting_for(renewal, kind)
    block = {
        "meeting": m,
        "figures": meeting.figures(m),
        "plan": counting.next_round(m),
        "open_round": counting.open_round(m),
        "rounds": list(m.rounds.all()),
        "scrutineers": list(m.scrutineers.all()),
        "counters": list(m.counters.all()),
        "round_problems": counting.round_problems(m),
    }
    if can_work and renewal.phase == Phase.VOTE:
        started = bool(block["rounds"])
        block["meeting_form"] = extra.get(f"{kind}_meeting_form") or (
            None if started else MeetingForm(instance=m, prefix=kind)
        )
        block["staff_form"] = extra.get(f"{kind}_staff_form") or StaffForm(
            people=_people(renewal, kind),
            prefix=f"{kind}-staff",
            initial={"scrutineers": block["scrutineers"], "counters": block["counters"]},
        )
    return block


def vote_context(request: HttpRequest, renewal: Renewal, *, can_work: bool, **extra) -> dict:
    """The vote, approve and archive sections of the renewal page."""
    if renewal.phase not in (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE):
        return {}
    members = _meeting_block(renewal, MeetingKind.MEMBERS, can_work, extra)
    context: dict = {
        "vote": True,
        "members_meeting": members,
        "formal": meeting.formal_candidates(renewal),
        "notice_problems": meeting.notice_problems(members["meeting"]),
        "method_problems": meeting.method_problems(renewal, members["meeting"]),
        "elected_rows": list(renewal.elected.select_related("member")),
        "committee": meeting.committee(renewal),
        "has_plenary": bool(meeting.bodies(renewal, MeetingKind.PLENARY)),
        "default_copies": members["figures"].expected + 5,
    }
    if context["has_plenary"]:
        context["plenary"] = _meeting_block(renewal, MeetingKind.PLENARY, can_work, extra)
    if can_work and renewal.phase == Phase.VOTE:
        if not members["rounds"]:
            context["candidates_form"] = extra.get("candidates_form") or CandidatesForm(
                standing=standing_candidates(renewal)
            )
        if context["committee"]:
            context["duties_form"] = extra.get("duties_form") or DutiesForm(
                members=context["committee"], leaders=_leaders(renewal)
            )
    if can_work and renewal.phase == Phase.ARCHIVE and not renewal.sealed_at:
        context["archive_form"] = extra.get("archive_form") or ArchiveForm(
            initial={"summary": renewal.summary}, handover=renewal.handover
        )
    context["handover_rows"] = _handover_rows(renewal)
    return context


def _leaders(renewal: Renewal) -> set[int]:
    return set(
        renewal.elected.filter(body__in=[Body.SECRETARY, Body.DEPUTY]).values_list(
            "member_id", flat=True
        )
    )


def _handover_rows(renewal: Renewal) -> list[dict]:
    labels = dict(archive.HANDOVER_ITEMS)
    return [{**row, "label": labels.get(row.get("item"), "")} for row in renewal.handover]


def _rerender(request: HttpRequest, renewal: Renewal, **extra) -> HttpResponse:
    from .views import page_context

    return render(request, "elections/renewal_detail.html", page_context(request, renewal, **extra))


def _attempt(request: HttpRequest, call: Callable[[], object], success: str, form=None) -> bool:
    """Call the service; its refusal becomes form errors (when a form is given) or messages."""
    try:
        call()
    except ValidationError as exc:
        if form is not None:
            apply_validation_error(form, exc)
        else:
            for text in exc.messages:
                messages.error(request, text)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def meeting_update(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    m = meeting.meeting_for(renewal, _kind(kind))
    form = MeetingForm(request.POST, instance=m, prefix=kind)
    if form.is_valid():
        data = {f: form.cleaned_data[f] for f in MeetingForm.Meta.fields}
        if _attempt(
            request,
            lambda: meeting.meeting_update(actor=request.user, renewal=renewal, kind=kind, **data),
            _("会议信息已保存。"),
            form,
        ):
            return redirect(renewal)
    return _rerender(request, renewal, **{f"{kind}_meeting_form": form})


@login_required
@require_POST
def meeting_notice(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    _attempt(
        request,
        lambda: meeting.meeting_notice_issue(actor=request.user, renewal=renewal),
        _("会议通知已发出。"),
    )
    return redirect(renewal)


@login_required
@require_POST
def candidates_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = CandidatesForm(request.POST, standing=standing_candidates(renewal))
    if form.is_valid():
        chosen = list(form.cleaned_data["nominees"])
        if _attempt(
            request,
            lambda: meeting.candidates_confirm(
                actor=request.user, renewal=renewal, nominees=chosen
            ),
            _("正式候选人已确定。"),
            form,
        ):
            return redirect(renewal)
    return _rerender(request, renewal, candidates_form=form)


@login_required
@require_POST
def meeting_staff(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = StaffForm(request.POST, people=_people(renewal, _kind(kind)), prefix=f"{kind}-staff")
    if form.is_valid() and _attempt(
        request,
        lambda: meeting.meeting_staff_set(
            actor=request.user,
            renewal=renewal,
            kind=kind,
            scrutineers=list(form.cleaned_data["scrutineers"]),
            counters=list(form.cleaned_data["counters"]),
        ),
        _("监票人、计票人已确定。"),
        form,
    ):
        return redirect(_back(request, renewal))
    if request.POST.get("next"):
        # Sent from the meeting page, which shows the form again: the errors go there.
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
        return redirect(_back(request, renewal))
    return _rerender(request, renewal, **{f"{kind}_staff_form": form})


def _back(request: HttpRequest, renewal: Renewal) -> str:
    """Back to the page the form was on (the meeting page or the renewal page)."""
    nxt = request.POST.get("next", "")
    if nxt.startswith(renewal.get_absolute_url()):
        return nxt
    return renewal.get_absolute_url()


@login_required
@require_POST
def method_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    _attempt(
        request,
        lambda: meeting.method_adopt(actor=request.user, renewal=renewal),
        _("选举办法已经大会通过。"),
    )
    return redirect(_back(request, renewal))


@login_required
def meeting_day(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The page on the laptop next to the ballot box: attendance, E and P, the rounds."""
    renewal = get_renewal_for(request.user, pk)
    kind = _kind(kind)
    if renewal.phase not in (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE):
        raise Http404
    can_work = can(request.user, Action.WORK, renewal.branch) and renewal.phase == Phase.VOTE
    block = _meeting_block(renewal, kind, can_work, {})
    present = set(block["meeting"].present.values_list("pk", flat=True))
    roll = _people(renewal, kind)
    plan = block["plan"]
    open_form = None
    if can_work and plan and not counting.round_problems(block["meeting"], quorum=False):
        pool = counting.pool(renewal, plan.body) if plan.chosen_by_meeting else None
        open_form = RoundOpenForm(pool=pool, initial={"issued": block["figures"].present})
    context = {
        "renewal": renewal,
        "kind": kind,
        "can_work": can_work,
        "roll": [(m, m.pk in present) for m in roll],
        "open_form": open_form,
        **block,
    }
    if plan:
        context["plan_body_label"] = Body(plan.body).label
        context["plan_kind_label"] = RoundKind(plan.kind).label
    if can_work and counting.shortfall_round(block["meeting"]):
        context["reduce_form"] = ReduceForm()
    return render(request, "elections/meeting_day.html", context)


@login_required
@require_POST
def attendance_set(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    kind = _kind(kind)
    member_pk = request.POST.get("member", "")
    member = _people(renewal, kind).filter(pk=member_pk).first() if member_pk.isdigit() else None
    present = request.POST.get("present") == "1"
    try:
        if member is None:
            raise ValidationError(_("请选择党员。"))
        m = meeting.attendance_set(
            actor=request.user, renewal=renewal, kind=kind, member=member, present=present
        )
    except ValidationError as exc:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": exc.messages}, status=400)
        messages.error(request, "；".join(exc.messages))
    else:
        if _wants_json(request):
            figures = asdict(meeting.figures(m))
            return JsonResponse({"ok": True, "present": present, "figures": figures})
    return redirect("elections:meeting_day", renewal.pk, kind)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    kind = _kind(kind)
    m = meeting.meeting_for(renewal, kind)
    plan = counting.next_round(m)
    pool = counting.pool(renewal, plan.body) if plan and plan.chosen_by_meeting else None
    form = RoundOpenForm(request.POST, pool=pool)
    created: list[Round] = []
    if form.is_valid():
        chosen = form.cleaned_data.get("chosen")
        if chosen is not None:
            order = {pk: i for i, pk in enumerate(form.pool_order)}
            chosen = sorted(chosen, key=lambda member: order[member.pk])
        if _attempt(
            request,
            lambda: created.append(
                counting.round_open(
                    actor=request.user,
                    renewal=renewal,
                    kind=kind,
                    issued=form.cleaned_data["issued"],
                    chosen=chosen,
                )
            ),
            _("已发放选票，开始投票。"),
        ):
            return redirect("elections:round_detail", renewal.pk, created[0].pk)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("elections:meeting_day", renewal.pk, kind)


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
        and renewal.phase == Phase.VOTE
        and round_.is_open
    )
    entries = list(round_.ballots.all())
    scrutineers = list(round_.meeting.scrutineers.values_list("name", flat=True))
    context = {
        "renewal": renewal,
        "round": round_,
        "meeting": round_.meeting,
        "can_work": can_work,
        "entries": entries,
        "keyed": len(entries),
        "invalid_keyed": sum(1 for e in entries if not e.valid),
        "outcome": round_.outcome if not round_.is_open else counting.preview(round_),
        "next_plan": None if round_.is_open else counting.next_round(round_.meeting),
        "eligible_names": sorted(counting.write_in_names(renewal, round_.meeting))
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
    context["bars"] = _bars(context["outcome"])
    context["entry_rows"] = [
        (e, [e.marks.get(name, "abstain") for name in round_.names]) for e in reversed(entries)
    ]
    outcome = context["outcome"] or {}
    written = set(list(dict(outcome.get("yes", [])))[len(round_.names) :])
    context["outcome_rows"] = [
        (
            name,
            votes,
            None if name in written else outcome.get("no", {}).get(name, 0),
            None if name in written else outcome.get("abstain", {}).get(name, 0),
        )
        for name, votes in outcome.get("yes", [])
    ]
    return render(request, "elections/round_detail.html", context)


def _bars(outcome: dict | None) -> list[dict]:
    """Rows of the bar chart: yes votes as a share of the majority base, threshold marked."""
    if not outcome or outcome.get("void"):
        return []
    base = max(outcome["base_size"], 1)
    elected, runoff = set(outcome["elected"]), set(outcome["runoff"])
    return [
        {
            "name": name,
            "votes": votes,
            "width": min(100, round(100 * votes / base)),
            "state": "elected" if name in elected else "runoff" if name in runoff else "",
        }
        for name, votes in outcome["yes"]
    ]


@login_required
@require_POST
def round_returned(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    form = ReturnedForm(request.POST)
    if form.is_valid() and _attempt(
        request,
        lambda: counting.round_record_returned(
            actor=request.user, round_=round_, **form.cleaned_data
        ),
        _("已登记收回选票。"),
        form,
    ):
        round_.refresh_from_db()
        if round_.outcome.get("void"):
            messages.warning(request, _("收回选票多于发出选票，本轮选举无效，须重新投票（R9）。"))
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
            marks = counting.parse_marks(round_, form.cleaned_data["keys"])
            saved.append(
                counting.ballot_save(
                    actor=request.user,
                    round_=round_,
                    marks=marks,
                    write_ins=counting.split_names(form.cleaned_data["write_ins"]),
                    entry=entry,
                )
            )
        except ValidationError as exc:
            error = exc.messages
    else:
        error = [e for errors in form.errors.values() for e in errors]
    if _wants_json(request):
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
    _attempt(
        request,
        lambda: counting.ballot_delete(actor=request.user, entry=entry),
        _("已删除该张选票的录入。"),
    )
    return redirect("elections:round_detail", pk, round_pk)


@login_required
@require_POST
def totals_save(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round_for(request, pk, round_pk, Action.WORK)
    form = TotalsForm(request.POST, round_=round_)
    if form.is_valid() and _attempt(
        request,
        lambda: counting.totals_save(actor=request.user, round_=round_, **form.totals()),
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
    if form.is_valid() and _attempt(
        request,
        lambda: counting.round_close(
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
    if form.is_valid():
        _attempt(
            request,
            lambda: counting.seats_reduce(
                actor=request.user, renewal=renewal, agree=form.cleaned_data["agree"]
            ),
            _("已按大会决定减少委员名额。"),
        )
    else:
        messages.error(request, _("请填写同意减少名额的人数。"))
    return redirect("elections:meeting_day", renewal.pk, MeetingKind.MEMBERS)


@login_required
@require_POST
def duties_set(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = DutiesForm(request.POST, members=meeting.committee(renewal), leaders=_leaders(renewal))
    if form.is_valid() and _attempt(
        request,
        lambda: counting.duties_set(actor=request.user, renewal=renewal, duties=form.duties()),
        _("委员分工已保存。"),
        form,
    ):
        return redirect(renewal)
    return _rerender(request, renewal, duties_form=form)


@login_required
@require_POST
def archive_save(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk, action=Action.WORK)
    form = ArchiveForm(request.POST, handover=renewal.handover)
    if form.is_valid() and _attempt(
        request,
        lambda: archive.archive_save(
            actor=request.user,
            renewal=renewal,
            summary=form.cleaned_data["summary"],
            handover=form.handover(),
        ),
        _("总结和交接情况已保存。"),
        form,
    ):
        return redirect(renewal)
    return _rerender(request, renewal, archive_form=form)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    return response


def _copies(request: HttpRequest, default: int) -> int:
    try:
        copies = int(request.GET.get("copies", default))
    except ValueError:
        copies = default
    return max(1, min(copies, MAX_COPIES))


@login_required
def round_ballots(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """The ballots of one round, as many copies as asked (default: ballots issued + spares)."""
    round_ = _round_for(request, pk, round_pk, Action.VIEW)
    renewal = round_.meeting.renewal
    sheet = ballots_sheet(
        renewal, body=round_.body, seats=round_.seats, names=round_.names,
        allow=round_.allow_write_ins, note=f"{round_.meeting.get_kind_display()} {round_}",
        held_on=round_.meeting.held_on,
    )  # fmt: skip
    data = ballot_pdf(sheet, _copies(request, round_.issued + 5))
    return _pdf(data, f"{sheet.title}-{round_.number}.pdf")


@login_required
def first_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """Before the meeting: the first round's ballots, from the formal candidates (R7 order)."""
    renewal = get_renewal_for(request.user, pk)
    m = meeting.meeting_for(renewal)
    first = [n.member.name for n in meeting.formal_candidates(renewal)]
    if not first:
        messages.error(request, _("请先确定正式候选人。"))
        return redirect(renewal)
    body = Body.SECRETARY if renewal.secretary_only else Body.COMMITTEE
    sheet = ballots_sheet(
        renewal, body=body, seats=counting.seats_for(renewal, body), names=first, allow=True,
        note=_("正式选举"), held_on=m.held_on,
    )  # fmt: skip
    data = ballot_pdf(sheet, _copies(request, meeting.figures(m).expected + 5))
    return _pdf(data, f"{sheet.title}.pdf")


@login_required
def attendance_register(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    return _pdf(attendance_pdf(renewal), _("党员大会签到表") + ".pdf")


@login_required
def count_export(request: HttpRequest, pk: int) -> HttpResponse:
    renewal = get_renewal_for(request.user, pk)
    response = HttpResponse(
        count_workbook(renewal),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _("计票结果") + f"-{renewal.branch.name}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def archive_download(request: HttpRequest, pk: int) -> FileResponse:
    """The sealed archive, the same bytes every time."""
    renewal = get_renewal_for(request.user, pk)
    if not renewal.sealed_at or not renewal.archive:
        raise Http404
    name = _("换届档案") + f"-{renewal.branch.name}-{renewal.sealed_at:%Y%m%d}.zip"
    return FileResponse(
        renewal.archive.open("rb"), content_type="application/zip", as_attachment=True,
        filename=name,
    )  # fmt: skip

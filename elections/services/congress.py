"""State changes of the delegates' congress: the allotment of delegates and its approval, each
unit's delegate election, the credentials check and the congress sign-in."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official_text
from elections import domain
from elections.models import Congress, Credential, Delegate, DelegateUnit, Phase, Renewal, Round
from elections.selectors.congress import (
    allotment_problems,
    congress_figures,
    congress_of,
    electing_units,
    may_hold_congress,
    unit_member_counts,
    unit_voters,
)
from elections.services.units import unit_meetings_create
from elections.workflow.machine import lock, plan_editable, record_event, require, require_phase
from members.models import Member

#: The phases in which the allotment may still change: before the delegates are elected.
ALLOTMENT_PHASES = (Phase.PREPARE, Phase.RECOMMEND, Phase.VET, Phase.PUBLICISE, Phase.VOTE)


def _congress(renewal: Renewal) -> Congress:
    congress = congress_of(renewal)
    if congress is None:
        raise ValidationError(_("本次换届不召开党员代表大会。"))
    return congress


@transaction.atomic
def congress_allot(*, actor: Any, renewal: Renewal, total: int, minimum: int) -> Congress:
    """The plan chooses the delegates' congress and proposes how many delegates each electing
    unit sends: ``minimum`` each, the rest in proportion to members (largest remainder). The
    superior approves the method with the request, and the allotment itself."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    if not may_hold_congress(renewal):
        raise ValidationError(_("只有基层党委可以召开党员代表大会进行换届。"))
    if not plan_editable(renewal):
        raise ValidationError(_("换届请示已提交，换届方式不能再修改。"))
    units = electing_units(renewal.branch)
    counts = unit_member_counts(renewal.branch, units)
    empty = [u.name for u in units if counts[u.pk] == 0]
    if empty:
        raise ValidationError(
            _("以下选举单位没有党员，请先整理组织或党员名册：%(u)s") % {"u": "、".join(empty)}
        )
    try:
        shares = domain.allot_delegates(
            {u.pk: counts[u.pk] for u in units}, total=total, minimum=minimum
        )
    except ValueError as error:
        raise ValidationError({"total": str(error)}) from error
    congress, _created = Congress.objects.update_or_create(
        renewal=renewal,
        defaults={
            "total": total,
            "minimum": minimum,
            "allotted_at": timezone.now(),
            "approved_at": None,
            "approved_by": None,
        },
    )
    congress.units.all().delete()
    DelegateUnit.objects.bulk_create(
        DelegateUnit(
            congress=congress,
            unit=u,
            members=counts[u.pk],
            proposed=shares[u.pk],
            seats=shares[u.pk],
        )
        for u in units
    )
    record_event(
        renewal,
        actor=actor,
        action="congress_allot",
        summary=official_text(
            gettext_lazy(
                "拟召开党员代表大会：代表%(t)s名，每个选举单位至少%(m)s名，按党员人数分配"
            ),
            t=total,
            m=minimum,
        ),
        changes={"allotment": {u.name: shares[u.pk] for u in units}},
    )
    return congress


@transaction.atomic
def congress_drop(*, actor: Any, renewal: Renewal) -> None:
    """The plan goes back to the members' meeting."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    if not plan_editable(renewal):
        raise ValidationError(_("换届请示已提交，换届方式不能再修改。"))
    deleted, _rows = Congress.objects.filter(renewal=renewal).delete()
    if not deleted:
        raise ValidationError(_("本次换届不召开党员代表大会。"))
    record_event(
        renewal,
        actor=actor,
        action="congress_drop",
        summary=official_text(gettext_lazy("改为召开党员大会进行换届")),
    )


def _allotment_open(renewal: Renewal, congress: Congress) -> None:
    if renewal.phase not in ALLOTMENT_PHASES or renewal.sealed_at:
        raise ValidationError(_("换届已结束，代表名额不能再修改。"))
    if congress.approved:
        raise ValidationError(_("上级已批准代表名额分配，不能再修改。"))


@transaction.atomic
def unit_seats_change(
    *, actor: Any, renewal: Renewal, unit: DelegateUnit, seats: int, reason: str
) -> DelegateUnit:
    """Change one unit's delegates from the proportional share, with the reason."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    congress = _congress(renewal)
    _allotment_open(renewal, congress)
    unit = congress.units.get(pk=unit.pk)
    if seats < max(congress.minimum, 1):
        raise ValidationError(
            {"seats": _("每个选举单位至少%(m)s名代表。") % {"m": max(congress.minimum, 1)}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("请填写调整代表名额的理由。")})
    before = unit.seats
    unit.seats, unit.change_reason = seats, reason.strip()
    unit.save(update_fields=["seats", "change_reason"])
    record_event(
        renewal,
        actor=actor,
        action="unit_seats_change",
        summary=official_text(
            gettext_lazy("调整%(u)s代表名额：%(a)s名改为%(b)s名（%(r)s）"),
            u=unit.unit.name,
            a=before,
            b=seats,
            r=unit.change_reason,
        ),
        changes={"seats": [before, seats]},
    )
    return unit


@transaction.atomic
def congress_approve_allotment(*, actor: Any, renewal: Renewal) -> Congress:
    """The superior approves the number of delegates and their allotment to the units."""
    renewal = lock(renewal)
    require(actor, Action.APPROVE, renewal)
    congress = _congress(renewal)
    _allotment_open(renewal, congress)
    problems = allotment_problems(congress)
    if problems:
        raise ValidationError(problems)
    congress.approved_at, congress.approved_by = timezone.now(), actor
    congress.save(update_fields=["approved_at", "approved_by"])
    unit_meetings_create(congress)
    record_event(
        renewal,
        actor=actor,
        action="congress_approve_allotment",
        summary=official_text(
            gettext_lazy("批准党员代表大会代表名额：%(t)s名，%(n)s个选举单位"),
            t=congress.total,
            n=len(congress.units.all()),
        ),
        changes={"allotment": {u.unit.name: u.seats for u in congress.units.all()}},
    )
    return congress


def _counted(
    unit: DelegateUnit,
    marks: list[dict[str, Any]],
    figures: dict[str, int],
    rules: domain.RuleSet,
) -> domain.RoundOutcome:
    names = [m["member"].name for m in marks]
    try:
        return domain.count_totals(
            candidates=names,
            seats=unit.seats,
            yes={m["member"].name: m["yes"] for m in marks},
            no={m["member"].name: m["no"] for m in marks},
            abstain={m["member"].name: m["abstain"] for m in marks},
            rules=rules,
            **figures,
        )
    except ValueError as error:
        raise ValidationError(str(error)) from error


@transaction.atomic
def delegate_election_record(
    *,
    actor: Any,
    renewal: Renewal,
    unit: DelegateUnit,
    held_on: date,
    expected: int,
    present: int,
    issued: int,
    returned: int,
    invalid: int,
    marks: list[dict[str, Any]],
) -> list[Delegate]:
    """Enter the tally sheet of a unit's delegate election held outside the system (a unit
    whose members' meeting is held here elects through its Meeting instead, services.units):
    ``marks`` lists each candidate
    (``member``) with their ``yes``, ``no`` and ``abstain``, in ballot order. The meeting must
    have had a quorum (R5), the candidates exceed the seats by the differential (R6); the count
    follows R9 and R11. A round that leaves a tie or an open seat is held again at the unit's
    meeting and its final tally is the one recorded here."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    congress = _congress(renewal)
    if not congress.approved:
        raise ValidationError(_("上级尚未批准代表名额分配。"))
    unit = congress.units.get(pk=unit.pk)
    if unit.elected:
        raise ValidationError(_("%(u)s的代表选举结果已录入。") % {"u": unit.unit.name})
    if Round.objects.filter(meeting__unit=unit).exists():
        raise ValidationError(
            _("%(u)s党员大会已开始投票，结果由会议计票产生。") % {"u": unit.unit.name}
        )
    rules = renewal.ruleset()
    voters = {m.pk for m in unit_voters(unit.unit, on=held_on)}
    strangers = [m["member"].name for m in marks if m["member"].pk not in voters]
    if strangers:
        raise ValidationError(
            _("代表候选人须是本选举单位有选举权的党员：%(n)s") % {"n": "、".join(strangers)}
        )
    if len({m["member"].pk for m in marks}) != len(marks):
        raise ValidationError(_("代表候选人重复。"))
    needed = domain.delegate_min_candidates(unit.seats, rules)
    if len(marks) < needed:
        raise ValidationError(
            _("应选代表%(s)s名，候选人应不少于%(n)s名（差额不少于20%%），现有%(c)s名。")
            % {"s": unit.seats, "n": needed, "c": len(marks)}
        )
    if expected > len(voters):
        raise ValidationError(
            {"expected": _("应到会人数不能多于本单位有选举权的党员%(v)s人。") % {"v": len(voters)}}
        )
    try:
        quorate = domain.quorum_met(expected=expected, present=present, rules=rules)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    if not quorate:
        raise ValidationError(_("到会人数未达到规定，选举无效，不能录入结果。"))
    figures = {"issued": issued, "returned": returned, "invalid": invalid}
    outcome = _counted(unit, marks, {**figures, "present": present, "expected": expected}, rules)
    if outcome.void or outcome.runoff or outcome.unfilled:
        raise ValidationError(
            _(
                "本轮选举未选出全部代表（选票作废、得票相等或当选人数不足）；请按规定再次投票，录入最终一轮的计票结果。"
            )
        )
    unit.held_on, unit.expected, unit.present = held_on, expected, present
    unit.issued, unit.returned, unit.invalid = issued, returned, invalid
    unit.tally = [
        {"name": m["member"].name, "member": m["member"].pk}
        | {k: m[k] for k in ("yes", "no", "abstain")}
        for m in marks
    ]
    unit.recorded_at = timezone.now()
    unit.save(update_fields=[*figures, "held_on", "expected", "present", "tally", "recorded_at"])
    by_name = {domain.normalize_name(m["member"].name): m["member"] for m in marks}
    delegates = Delegate.objects.bulk_create(
        Delegate(unit=unit, member=by_name[name], name=by_name[name].name, votes=outcome.yes[name])
        for name in outcome.elected
    )
    record_event(
        renewal,
        actor=actor,
        action="delegate_election_record",
        summary=official_text(
            gettext_lazy("录入%(u)s代表选举结果：应到%(e)s人，实到%(p)s人，选出代表%(d)s"),
            u=unit.unit.name,
            e=expected,
            p=present,
            d="、".join(d.name for d in delegates),
        ),
        changes={"tally": unit.tally},
    )
    return delegates


@transaction.atomic
def delegate_credentials_check(
    *, actor: Any, renewal: Renewal, delegate: Delegate, confirmed: bool, reason: str
) -> Delegate:
    """The credentials check (代表资格审查): confirm or reject a delegate, with the reason."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    delegate = Delegate.objects.select_related("unit").get(
        pk=delegate.pk, unit__congress__renewal=renewal
    )
    if delegate.signed_in_at is not None:
        raise ValidationError(_("代表已签到，资格审查结论不能再修改。"))
    reason = reason.strip()
    if not confirmed and not reason:
        raise ValidationError({"reason": _("确认代表资格无效，须写明理由。")})
    delegate.credential = Credential.CONFIRMED if confirmed else Credential.REJECTED
    delegate.credential_reason = reason
    delegate.checked_at = timezone.now()
    delegate.checked_by_name = actor.get_full_name() or actor.get_username()
    delegate.save(
        update_fields=["credential", "credential_reason", "checked_at", "checked_by_name"]
    )
    record_event(
        renewal,
        actor=actor,
        action="delegate_credentials_check",
        summary=official_text(
            gettext_lazy("代表资格审查：%(n)s %(v)s%(r)s"),
            n=delegate.name,
            v=delegate.get_credential_display,
            r=f"（{reason}）" if reason else "",
        ),
    )
    return delegate


@transaction.atomic
def congress_sign_in(*, actor: Any, renewal: Renewal, members: list[Member]) -> Congress:
    """The congress's sign-in register: the delegates present. Only delegates whose credentials
    were confirmed sign in, after every unit has elected and every delegate has been checked."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    congress = _congress(renewal)
    units = list(congress.units.all())
    waiting = [u.unit.name for u in units if not u.elected]
    if waiting:
        raise ValidationError(_("以下选举单位尚未选出代表：%(u)s") % {"u": "、".join(waiting)})
    if congress_figures(congress).pending:
        raise ValidationError(_("还有代表未经资格审查。"))
    confirmed = {
        d.member_id: d
        for u in units
        for d in u.delegates.all()
        if d.credential == Credential.CONFIRMED
    }
    others = [m.name for m in members if m.pk not in confirmed]
    if others:
        raise ValidationError(_("只有资格审查确认的代表可以签到：%(n)s") % {"n": "、".join(others)})
    now, present = timezone.now(), {m.pk for m in members}
    for member_id, delegate in confirmed.items():
        delegate.signed_in_at = now if member_id in present else None
    Delegate.objects.bulk_update(confirmed.values(), ["signed_in_at"])
    counted = congress_figures(congress)
    record_event(
        renewal,
        actor=actor,
        action="congress_sign_in",
        summary=official_text(
            gettext_lazy("党员代表大会签到：应到代表%(e)s名，实到%(p)s名，%(q)s"),
            e=counted.expected,
            p=counted.present,
            q=gettext_lazy("超过五分之四，可以进行选举")
            if counted.quorum
            else gettext_lazy("未超过五分之四，不能进行选举"),
        ),
    )
    return congress

"""State changes of a campaign (集中换届): creating and changing it, its scope, its launch.

Changing a campaign is for the staff and approvers of the organisation that runs it, or above
(campaigns_for with APPROVE, see campaign_runner_paths); its launch starts each renewal through
renewal_open, as a single start does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.models import Organisation, OrganisationKind
from branches.official import official_text
from branches.services import audit
from elections.domain.timetable import STEPS, timetable_problems
from elections.models import (
    Campaign,
    CampaignBranch,
    CampaignUnit,
    Phase,
    Renewal,
    TargetCode,
)
from elections.selectors.access import campaigns_for
from elections.selectors.campaign import (
    campaign_organisations,
    launch_plan,
    proposed_organisations,
    scope_organisations,
)
from elections.selectors.problems import by_field
from elections.selectors.rules import rules_for
from elections.services.campaign_entries import Launched, _claim, _problem
from elections.services.campaign_notices import tell_secretaries
from elections.services.prepare import renewal_open

#: The kinds of organisation a campaign may be limited to (each with its subtree).
UNIT_KINDS = (OrganisationKind.BRANCH, OrganisationKind.GENERAL_BRANCH)
FIELDS = ("title", "starts_on", "ends_on", "deadlines", "targets", "note")


def record_campaign_event(
    campaign: Campaign, *, actor: Any, action: str, summary: str, changes: dict | None = None
):
    """The audit event of a change to a campaign (record_event's twin for a campaign)."""
    return audit(
        actor=actor,
        action=action,
        organisation=campaign.organisation,
        target=campaign,
        summary=summary,
        changes=changes or {},
    )


def _require(actor: Any, campaign: Campaign) -> Campaign:
    """The campaign, locked, if the actor may change it."""
    if not campaigns_for(actor, Action.APPROVE).filter(pk=campaign.pk).exists():
        raise PermissionDenied
    return Campaign.objects.select_for_update().select_related("organisation").get(pk=campaign.pk)


def _check(
    organisation: Organisation,
    *,
    starts_on: date,
    ends_on: date,
    deadlines: Mapping[str, date],
    targets: Mapping[str, int],
    units: Iterable[Organisation],
) -> None:
    problems = timetable_problems(
        start=starts_on, end=ends_on, deadlines=deadlines, rules=rules_for(organisation)
    )
    errors = by_field(problems)
    for code, value in targets.items():
        if code not in TargetCode.values or not 0 <= int(value) <= 100:
            errors.setdefault(code, []).append(_("目标须为0到100之间的百分比。"))
    for unit in units:
        inside = unit.path.startswith(organisation.path) and unit.pk != organisation.pk
        if not inside or unit.kind not in UNIT_KINDS:
            errors.setdefault("units", []).append(
                _("%(unit)s不是%(org)s下属的党支部或党总支。")
                % {"unit": unit.name, "org": organisation.name}
            )
    if errors:
        raise ValidationError(errors)


def _stored(deadlines: Mapping[str, date]) -> dict[str, str]:
    return {str(step): deadlines[step].isoformat() for step in STEPS if deadlines.get(step)}


def _propose(campaign: Campaign) -> tuple[int, int]:
    """Bring the proposed entries up to date: add the organisations now proposed; drop the
    proposals nobody has touched (no reason, no renewal) that are no longer proposed.
    Returns (added, dropped)."""
    proposed = set(proposed_organisations(campaign).values_list("pk", flat=True))
    present = set(campaign.entries.values_list("branch_id", flat=True))
    CampaignBranch.objects.bulk_create(
        CampaignBranch(campaign=campaign, branch_id=pk, proposed=True, included=True)
        for pk in sorted(proposed - present)
    )
    stale = campaign.entries.filter(
        proposed=True, included=True, reason="", renewal__isnull=True
    ).exclude(branch_id__in=proposed)
    dropped, _rows = stale.delete()
    return len(proposed - present), dropped


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    starts_on: date,
    ends_on: date,
    deadlines: Mapping[str, date],
    targets: Mapping[str, int] | None = None,
    note: str = "",
    units: Iterable[Organisation] = (),
) -> Campaign:
    """A campaign for ``organisation``'s subtree (or only ``units`` and their subtrees), with
    the organisations whose term ends by ``ends_on`` (or is overdue) proposed."""
    if not campaign_organisations(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    units = list(units)
    targets = dict(targets or {})
    _check(
        organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        deadlines=deadlines,
        targets=targets,
        units=units,
    )
    campaign = Campaign.objects.create(
        organisation=organisation,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        deadlines=_stored(deadlines),
        targets=targets,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    CampaignUnit.objects.bulk_create(
        CampaignUnit(campaign=campaign, organisation=unit) for unit in units
    )
    added, _dropped = _propose(campaign)
    record_campaign_event(
        campaign,
        actor=actor,
        action="campaign_create",
        summary=official_text(
            gettext_lazy("制定集中换届工作计划“%(title)s”（%(start)s至%(end)s），提出%(n)s个组织"),
            title=campaign.title,
            start=starts_on,
            end=ends_on,
            n=added,
        ),
        changes={"units": [None, [u.name for u in units]], "proposed": [None, added]},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    actor: Any,
    campaign: Campaign,
    title: str,
    starts_on: date,
    ends_on: date,
    deadlines: Mapping[str, date],
    targets: Mapping[str, int] | None = None,
    note: str = "",
    units: Iterable[Organisation] = (),
) -> Campaign:
    """Change the campaign; the proposals follow its new dates and units (what staff added or
    removed with a reason, and what was launched, stays)."""
    campaign = _require(actor, campaign)
    units = list(units)
    targets = dict(targets or {})
    _check(
        campaign.organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        deadlines=deadlines,
        targets=targets,
        units=units,
    )
    before = {f: getattr(campaign, f) for f in FIELDS}
    before_units = sorted(campaign.units.values_list("organisation__name", flat=True))
    campaign.title, campaign.starts_on, campaign.ends_on = title.strip(), starts_on, ends_on
    campaign.deadlines, campaign.targets, campaign.note = _stored(deadlines), targets, note
    changed = [f for f in FIELDS if getattr(campaign, f) != before[f]]
    if changed:
        campaign.save(update_fields=changed)
    campaign.units.exclude(organisation__in=units).delete()
    kept = set(campaign.units.values_list("organisation_id", flat=True))
    CampaignUnit.objects.bulk_create(
        CampaignUnit(campaign=campaign, organisation=u) for u in units if u.pk not in kept
    )
    after_units = sorted(u.name for u in units)
    added, dropped = _propose(campaign)
    changes = {f: [str(before[f]), str(getattr(campaign, f))] for f in changed}
    if after_units != before_units:
        changes["units"] = [before_units, after_units]
    if added or dropped:
        changes["proposed"] = [-dropped, added]
    if changes:
        record_campaign_event(
            campaign,
            actor=actor,
            action="campaign_update",
            summary=official_text(
                gettext_lazy("修改集中换届工作计划“%(title)s”"), title=campaign.title
            ),
            changes=changes,
        )
    return campaign


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写理由。")})
    return reason


@transaction.atomic
def campaign_scope_add(
    *, actor: Any, campaign: Campaign, branch: Organisation, reason: str
) -> CampaignBranch:
    """Include an organisation of the campaign's scope that it did not propose (or one removed
    before), with a reason."""
    campaign = _require(actor, campaign)
    reason = _reason(reason)
    if not scope_organisations(campaign).filter(pk=branch.pk).exists():
        raise ValidationError({"branch": _("该组织不在本计划的范围内。")})
    entry = campaign.entries.filter(branch=branch).first()
    if entry is not None and entry.included:
        raise ValidationError({"branch": _("该组织已纳入本次换届。")})
    if entry is None:
        entry = CampaignBranch.objects.create(
            campaign=campaign, branch=branch, proposed=False, included=True, reason=reason
        )
    else:
        entry.included, entry.reason = True, reason
        entry.save(update_fields=["included", "reason"])
    record_campaign_event(
        campaign,
        actor=actor,
        action="campaign_scope_add",
        summary=official_text(
            gettext_lazy("将%(branch)s纳入换届范围：%(reason)s"), branch=branch.name, reason=reason
        ),
        changes={"branch": [None, branch.name], "reason": [None, reason]},
    )
    return entry


@transaction.atomic
def campaign_scope_remove(
    *, actor: Any, campaign: Campaign, branch: Organisation, reason: str
) -> CampaignBranch:
    """Leave an included organisation out of the campaign, with a reason; not once its renewal
    was launched (it is cancelled on its own page, if it must be)."""
    campaign = _require(actor, campaign)
    reason = _reason(reason)
    entry = campaign.entries.filter(branch=branch, included=True).first()
    if entry is None:
        raise ValidationError({"branch": _("该组织不在本次换届范围内。")})
    if entry.renewal_id:
        raise ValidationError({"branch": _("该组织的换届已经启动，不能移出换届范围。")})
    entry.included, entry.reason, entry.problem = False, reason, ""
    entry.save(update_fields=["included", "reason", "problem"])
    record_campaign_event(
        campaign,
        actor=actor,
        action="campaign_scope_remove",
        summary=official_text(
            gettext_lazy("将%(branch)s移出换届范围：%(reason)s"), branch=branch.name, reason=reason
        ),
        changes={"branch": [branch.name, None], "reason": [None, reason]},
    )
    return entry


def campaign_launch(
    *, actor: Any, campaign: Campaign, progress: Callable[[int, int], None] | None = None
) -> Launched:
    """Start the renewal of every included organisation not yet started, each through
    renewal_open and committed with its own audit event and its secretaries' notice; adopt a
    renewal already under way that no campaign tracks; record why the others cannot start.
    Idempotent: a second launch adds only what is still missing, so a launch cut off half-way
    (a worker stopped) keeps what it started and the next one does the rest. `progress(done,
    total)` is told after each organisation (the launch job's progress bar)."""
    with transaction.atomic():
        campaign = _require(actor, campaign)
        if set(campaign.deadline_map()) != {str(s) for s in STEPS}:
            raise ValidationError(_("请先确定每个步骤的完成时限。"))
    plan = launch_plan(campaign)
    done = Launched()
    total = len(plan.start) + len(plan.adopt) + len(plan.blocked)
    report = progress or (lambda done, total: None)
    report(0, total)
    if plan.start or plan.adopt:  # launched from its first renewal on (its reminders start)
        Campaign.objects.filter(pk=campaign.pk, launched_at__isnull=True).update(
            launched_at=timezone.now()
        )
    number = 0
    for entry in plan.start:
        number += 1
        try:
            with transaction.atomic():
                if _claim(entry):
                    entry.renewal = renewal_open(actor=actor, branch=entry.branch)
                    entry.problem = ""
                    entry.save(update_fields=["renewal", "problem"])
                    done.mails += tell_secretaries(campaign, [entry])
                    done.started.append(entry)
        except ValidationError as exc:
            _problem(entry, "；".join(exc.messages), done)
        except PermissionDenied:
            _problem(entry, _("无权启动该组织的换届"), done)
        report(number, total)
    for entry in plan.adopt:
        number += 1
        with transaction.atomic():
            renewal = (
                Renewal.objects.select_for_update()
                .filter(pk=entry.open_renewal_id)
                .exclude(phase__in=[Phase.ARCHIVE, Phase.CANCELLED])
                .first()
            )
            tracked = CampaignBranch.objects.filter(renewal=renewal).exists()
            if renewal is not None and not tracked and _claim(entry):
                entry.renewal = renewal
                entry.problem = str(_("启动前已有进行中的换届，已纳入本计划跟踪"))
                entry.save(update_fields=["renewal", "problem"])
                done.adopted.append(entry)
        report(number, total)
    for entry, problem in plan.blocked:
        _problem(entry, problem, done)
    with transaction.atomic():
        campaign = _require(actor, campaign)
        # Launched even when nothing could start: its problems go into the approvers' digest.
        Campaign.objects.filter(pk=campaign.pk, launched_at__isnull=True).update(
            launched_at=timezone.now()
        )
        record_campaign_event(
            campaign,
            actor=actor,
            action="campaign_launch",
            summary=official_text(
                gettext_lazy(
                    "启动集中换届“%(title)s”：启动%(started)s个，纳入跟踪%(adopted)s个，"
                    "未能启动%(problems)s个"
                ),
                title=campaign.title,
                started=len(done.started),
                adopted=len(done.adopted),
                problems=len(done.problems),
            ),
            changes={
                "started": [None, [e.branch.name for e in done.started]],
                "adopted": [None, [e.branch.name for e in done.adopted]],
                "problems": [None, {e.branch.name: e.problem for e in done.problems}],
            },
        )
    report(total, total)
    return done

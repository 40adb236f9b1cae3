"""State changes of the recommend phase: the members' recommendation (R18) and the preliminary
list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official, official_text
from elections import domain
from elections.models import Body, NominationSource, Nominee, Phase, Renewal
from elections.selectors.candidates import barred, nominee_problems, posts_of, proposal
from elections.selectors.prepare import in_electorate
from elections.selectors.problems import describe
from elections.services.notifications import notify_next
from elections.workflow.machine import lock, move, record_event, require, require_phase
from members.models import Member


@transaction.atomic
def recommendation_record(
    *,
    actor: Any,
    renewal: Renewal,
    held_on: date,
    expected: int,
    present: int,
    ballots: int,
    representatives: int | None = None,
) -> Renewal:
    """The members' recommendation meeting (R18): valid when more than half of E attend."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.RECOMMEND)
    errors = {}
    if expected < 1:
        errors["expected"] = [_("应到人数至少为1。")]
    if present > expected:
        errors["present"] = [_("实到人数不能多于应到人数。")]
    if ballots > present:
        errors["ballots"] = [_("收回的推荐票不能多于实到人数。")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("会议日期不能晚于今天。")]
    approved_on = renewal.timeline.get(Phase.RECOMMEND)
    if approved_on and held_on < timezone.localtime(datetime.fromisoformat(approved_on)).date():
        errors["held_on"] = [_("推荐会议应在上级批复同意换届之后召开。")]
    over = [n.member.name for n in renewal.nominees.select_related("member") if n.votes > ballots]
    if over:
        errors["ballots"] = [
            _("已登记的推荐票数多于收回的推荐票：%(names)s。请先修改这些人的票数。")
            % {"names": "、".join(over)}
        ]
    if renewal.ruleset().confidence_vote and not representatives:
        errors["representatives"] = [
            _("本单位规则要求群众代表信任投票，请填写参加投票的代表人数。")
        ]
    if errors:
        raise ValidationError(errors)
    renewal.rec_held_on, renewal.rec_expected, renewal.rec_present = held_on, expected, present
    renewal.rec_ballots, renewal.rec_representatives = ballots, representatives
    renewal.save(
        update_fields=["rec_held_on", "rec_expected", "rec_present", "rec_ballots",
                       "rec_representatives"]
    )  # fmt: skip
    valid = domain.recommendation_valid(expected=expected, present=present)
    record_event(
        renewal,
        actor=actor,
        action="recommendation_record",
        summary=official_text(
            gettext_lazy("登记推荐会议：应到%(e)s人，实到%(p)s人，收回推荐票%(b)s张（%(v)s）"),
            e=expected,
            p=present,
            b=ballots,
            v=gettext_lazy("有效") if valid else gettext_lazy("无效"),
        ),
    )
    return renewal


@transaction.atomic
def nominee_save(
    *,
    actor: Any,
    renewal: Renewal,
    member: Member,
    source: str,
    votes: int,
    confidence_votes: int | None = None,
    post: str = "",
) -> Nominee:
    """Add a nominee or correct their figures. `post`: in a branch without a committee, the
    secretary (the default) or the deputy the plan elects (R3); a committee's nominees stand for
    the committee."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.RECOMMEND)
    if not in_electorate(renewal, member):
        raise ValidationError({"member": _("该党员不在本组织。")})
    if renewal.rec_ballots is not None and votes > renewal.rec_ballots:
        raise ValidationError(
            {"votes": _("推荐票数不能多于收回的推荐票（%(n)s）。") % {"n": renewal.rec_ballots}}
        )
    posts = posts_of(renewal)
    post = post or posts[0]
    if post not in posts:
        raise ValidationError({"post": _("本次换届不选举该职务，请重新选择推荐职务。")})
    nominee, created = Nominee.objects.update_or_create(
        renewal=renewal,
        member=member,
        defaults={
            "source": source,
            "votes": votes,
            "confidence_votes": confidence_votes,
            "post": post,
        },
    )
    record_event(
        renewal,
        actor=actor,
        action="nominee_save",
        summary=official_text(
            gettext_lazy("%(verb)s被推荐人 %(name)s：%(source)s，%(votes)s票"),
            verb=gettext_lazy("登记") if created else gettext_lazy("修改"),
            name=member.name
            if len(posts) == 1
            else official_text(
                gettext_lazy("%(name)s（%(post)s）"), name=member.name, post=Body(post).label
            ),
            source=NominationSource(nominee.source).label,
            votes=votes,
        ),
    )
    return nominee


@transaction.atomic
def nominee_remove(*, actor: Any, nominee: Nominee) -> None:
    renewal = lock(nominee.renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.RECOMMEND)
    name = nominee.member.name
    nominee.delete()
    record_event(
        renewal,
        actor=actor,
        action="nominee_remove",
        summary=official_text(gettext_lazy("删除被推荐人 %(n)s"), n=name),
    )


@transaction.atomic
def list_apply_proposal(*, actor: Any, renewal: Renewal) -> list[Nominee]:
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.RECOMMEND)
    outcome = proposal(renewal)
    if outcome is None:
        raise ValidationError(_("请先登记推荐会议和推荐票数。"))
    accepted = set(outcome.accepted)
    nominees = list(renewal.nominees.select_related("member"))
    for nominee in nominees:
        nominee.on_list = str(nominee.pk) in accepted
        nominee.adjustment_reason = ""
    Nominee.objects.bulk_update(nominees, ["on_list", "adjustment_reason"])
    record_event(
        renewal,
        actor=actor,
        action="list_apply_proposal",
        summary=official_text(
            gettext_lazy("按推荐结果确定候选人初步人选：%(names)s"),
            names="、".join(n.member.name for n in nominees if n.on_list) or "—",
        ),
    )
    return nominees


@transaction.atomic
def nominee_set_on_list(*, actor: Any, nominee: Nominee, on_list: bool, reason: str) -> Nominee:
    """The branch committee's adjustment of the proposal, with a reason. Taking off a nominee
    the rules bar (R2) needs none: the failed rules are the reason; putting one on is refused."""
    renewal = lock(nominee.renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.RECOMMEND)
    nominee = Nominee.objects.select_for_update().select_related("member").get(pk=nominee.pk)
    bars = barred(nominee_problems(renewal, [nominee])[nominee.pk])
    if on_list and bars:
        raise ValidationError(
            _("%(name)s 不符合候选人资格条件，不能列入初步人选：%(why)s")
            % {"name": nominee.member.name, "why": "；".join(describe(p) for p in bars)}
        )
    if not on_list and bars and not reason.strip():
        reason = official_text(
            gettext_lazy("不符合候选人资格条件：%(why)s"),
            why="；".join(official(describe)(p) for p in bars),
        )
    if not reason.strip():
        raise ValidationError({"reason": _("调整初步人选须说明理由。")})
    nominee.on_list, nominee.adjustment_reason = on_list, reason
    nominee.save(update_fields=["on_list", "adjustment_reason"])
    record_event(
        renewal,
        actor=actor,
        action="nominee_set_on_list",
        summary=official_text(
            gettext_lazy("%(verb)s %(name)s：%(reason)s"),
            verb=gettext_lazy("列入初步人选") if on_list else gettext_lazy("不列入初步人选"),
            name=nominee.member.name,
            reason=reason,
        ),
    )
    return nominee


@transaction.atomic
def renewal_submit_list(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="submit_list")
    notify_next(renewal, _("候选人初步人选待审查"), Action.APPROVE)
    return renewal

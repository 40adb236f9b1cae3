"""A campaign's launch as a background job: 确认启动 records a CampaignLaunch and defers its run
through config.queue; the launch page polls its progress (200 organisations take about 20 s).

The run is campaign_launch itself, as the asker (whose right to launch is checked again at the
run): each renewal committed with its own audit event, so a run cut off (a worker killed) keeps
what it started, and the job, run again or asked again, adds only what is missing.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.official import official_text
from config.queue import FINISHED, LOST, QUEUE, defer, job_state, task
from elections.domain.timetable import STEPS
from elections.models import Campaign, CampaignLaunch, LaunchStatus
from elections.services.campaign import _require, campaign_launch, record_campaign_event

log = logging.getLogger(__name__)
UNFINISHED = [LaunchStatus.PENDING, LaunchStatus.RUNNING]
# On SQLite (a thread of the web process, lost when it restarts) a launch still unfinished this
# long after it was asked for will not finish: its page stops waiting.
STALE_AFTER = timedelta(minutes=30)
INTERRUPTED = "启动未能完成（处理被中断）。已启动的组织保留，请再次启动以补齐其余组织。"
SYSTEM_ERROR = "启动过程中出现系统错误。已启动的组织保留，请再次启动或联系管理员。"
# The launch's progress is saved after every this many organisations (one UPDATE each).
PROGRESS_EVERY = 5


def latest_launch(campaign: Campaign) -> CampaignLaunch | None:
    """The campaign's latest launch, marked failed first if it can no longer finish."""
    launch = campaign.launches.select_related("created_by").first()
    return launch_expire_stale(launch) if launch else None


def campaign_launch_request(*, actor: Any, campaign: Campaign) -> CampaignLaunch:
    """Record a launch and have the job worker run it once this transaction commits. Refused
    while another launch of the campaign is still under way."""
    with transaction.atomic():
        campaign = _require(actor, campaign)
        if set(campaign.deadline_map()) != {str(s) for s in STEPS}:
            raise ValidationError(_("请先确定每个步骤的完成时限。"))
        running = latest_launch(campaign)
        if running is not None and not running.finished:
            raise ValidationError(_("上一次启动尚未完成，请等它完成后再启动。"))
        launch = CampaignLaunch.objects.create(campaign=campaign, created_by=actor)
        record_campaign_event(
            campaign,
            actor=actor,
            action="campaign_launch_request",
            summary=official_text(
                gettext_lazy("提交集中换届“%(title)s”的启动"), title=campaign.title
            ),
        )
        defer(run_campaign_launch, launch_id=launch.pk)
    return launch


@task(name="elections.campaign_launch")
def run_campaign_launch(launch_id: int) -> None:
    """The background job. A launch found running was cut off (a worker stopped): it runs
    again, adding what the first run did not start."""
    launch = CampaignLaunch.objects.filter(pk=launch_id).first()
    if launch is None or launch.finished:
        return
    campaign_launch_run(launch_id)


def campaign_launch_run(launch_id: int) -> CampaignLaunch:
    launch = CampaignLaunch.objects.select_related("campaign", "created_by").get(pk=launch_id)
    unfinished = CampaignLaunch.objects.filter(pk=launch.pk, status__in=UNFINISHED)
    if not unfinished.update(status=LaunchStatus.RUNNING):
        return launch  # finished meanwhile (marked failed as lost): its page has moved on

    def progress(done: int, total: int) -> None:
        if done == 0 or done == total or done % PROGRESS_EVERY == 0:
            unfinished.update(processed_rows=done, total_rows=total)

    if launch.created_by is None or not launch.created_by.is_active:
        _fail(launch.pk, str(_("启动人的账号已停用或删除，未启动。")))
        return CampaignLaunch.objects.get(pk=launch.pk)
    try:
        done = campaign_launch(actor=launch.created_by, campaign=launch.campaign, progress=progress)
    except ValidationError as refused:
        _fail(launch.pk, "；".join(refused.messages))
        return CampaignLaunch.objects.get(pk=launch.pk)
    except PermissionDenied:
        _fail(launch.pk, str(_("无权启动本计划。")))
        return CampaignLaunch.objects.get(pk=launch.pk)
    except Exception:
        log.exception("campaign launch %s failed", launch.pk)
        _fail(launch.pk, SYSTEM_ERROR)
        return CampaignLaunch.objects.get(pk=launch.pk)
    unfinished.update(
        status=LaunchStatus.DONE,
        started=len(done.started),
        adopted=len(done.adopted),
        problems=len(done.problems),
        message="",
        finished_at=timezone.now(),
    )
    return CampaignLaunch.objects.get(pk=launch.pk)


def _fail(launch_id: int, message: str) -> None:
    """Mark the launch failed unless it has finished meanwhile."""
    CampaignLaunch.objects.filter(pk=launch_id, status__in=UNFINISHED).update(
        status=LaunchStatus.FAILED, message=message[:2000], finished_at=timezone.now()
    )


def launch_expire_stale(launch: CampaignLaunch) -> CampaignLaunch:
    """Mark a launch that can no longer finish as failed, so its page stops waiting and the
    campaign can be launched again: on the queue when its job is gone, failed or stuck on a
    stopped worker; otherwise (a thread of a web process) after STALE_AFTER. A run that starts
    after that finds its launch finished and does nothing."""
    if launch.finished:
        return launch
    if settings.JOBS_BACKEND == QUEUE:
        # Also a job that failed, was cancelled or sits on a stopped worker: launching again
        # adds what it did not start, so the page need not wait for a retry.
        lost = job_state(run_campaign_launch, launch_id=launch.pk) in (FINISHED, LOST, None)
    else:
        lost = launch.created_at <= timezone.now() - STALE_AFTER
    if lost:
        _fail(launch.pk, INTERRUPTED)
        launch.refresh_from_db()
    return launch

"""Background jobs of the renewals (found by Procrastinate's autodiscovery of `tasks` modules)."""

from __future__ import annotations

from config.queue import task
from elections.documents.campaign_ledger import build_ledger  # registers the ledger export
from elections.services.campaign_launch import run_campaign_launch
from elections.services.campaign_reminders import send_campaign_reminders
from elections.services.reminders import send_reminders

__all__ = ["build_ledger", "campaign_reminders", "daily_reminders", "run_campaign_launch"]


@task(name="elections.reminders", cron="0 0 * * *")
def daily_reminders(timestamp: int) -> None:
    send_reminders()


@task(name="elections.campaign_reminders", cron="30 0 * * *")
def campaign_reminders(timestamp: int) -> None:
    """08:30 in Beijing: the campaigns' deadline reminders and the approvers' digests."""
    send_campaign_reminders()

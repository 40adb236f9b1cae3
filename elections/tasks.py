"""Background jobs of the renewals (found by Procrastinate's autodiscovery of `tasks` modules)."""

from __future__ import annotations

from config.queue import task
from elections.documents.campaign_ledger import build_ledger  # registers the ledger export
from elections.services.reminders import send_reminders

__all__ = ["build_ledger", "daily_reminders"]


@task(name="elections.reminders", cron="0 0 * * *")
def daily_reminders(timestamp: int) -> None:
    send_reminders()

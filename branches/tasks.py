"""Background jobs of the whole site: mail with retries, expired sessions (found by
Procrastinate's autodiscovery of `tasks` modules)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command

from config.queue import task

#: A mail that fails (SMTP down, timeout) is tried again after 4, 16, 64, 256 and 1024 s.
MAIL_ATTEMPTS, MAIL_BACKOFF = 6, 4


@task(name="mail.send", attempts=MAIL_ATTEMPTS, backoff=MAIL_BACKOFF)
def send_one_mail(*, subject: str, body: str, to: str) -> None:
    """One message to one address, so a retry never sends twice to the others."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def clear_expired_sessions() -> None:
    call_command("clearsessions")


@task(name="sessions.clear", cron="45 18 * * *")
def clear_sessions(timestamp: int) -> None:
    clear_expired_sessions()

"""Telling the people who must act next, by email: one background job per recipient
(branches.tasks.send_one_mail, retried with backoff), deferred with the caller's transaction so
nothing is sent for a change that rolled back. Links are absolute, from PUBLIC_BASE_URL."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from branches.access import ROLES_FOR, Action, covers
from branches.models import Role
from branches.tasks import send_one_mail
from config.queue import defer


def people_who_can(action: Action, branch) -> list:
    """Users whose roles allow `action` on `branch` (roles on the branch or any ancestor; for
    approving, on a strict ancestor)."""
    parts = branch.path.strip("/").split("/")
    prefixes = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    prefixes = [p for p in prefixes if covers(p, branch.path, action)]
    user_ids = Role.objects.filter(
        role__in=ROLES_FOR[action], organisation__path__in=prefixes
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def absolute_url(path: str) -> str:
    """A link that works from a mail client: PUBLIC_BASE_URL + the path."""
    return f"{settings.PUBLIC_BASE_URL}{path}"


def mail_people(users, subject: str, body: str) -> int:
    """Queue one mail to each user with an address; returns how many were queued."""
    addresses = sorted({u.email for u in users if u.email})
    for to in addresses:
        defer(send_one_mail, subject=f"[换届] {subject}", body=str(body), to=to)
    return len(addresses)


def notify_next(renewal, subject: str, action: Action) -> None:
    """Email everyone who may take the next step, once the transaction has committed."""
    body = f"{renewal}\n{subject}\n\n{absolute_url(renewal.get_absolute_url())}"
    mail_people(people_who_can(action, renewal.branch), subject, body)

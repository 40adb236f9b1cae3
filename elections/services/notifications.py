"""Telling the people who must act next, by email through Django's email backend."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction

from branches.access import ROLES_FOR, Action
from branches.models import Role

log = logging.getLogger(__name__)


def people_who_can(action: Action, branch) -> list:
    """Users whose roles allow `action` on `branch` (roles on the branch or any ancestor)."""
    parts = branch.path.strip("/").split("/")
    prefixes = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    user_ids = Role.objects.filter(
        role__in=ROLES_FOR[action], organisation__path__in=prefixes
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def notify_next(renewal, subject: str, action: Action) -> None:
    """Email everyone who may take the next step, once the transaction has committed."""
    recipients = [u.email for u in people_who_can(action, renewal.branch) if u.email]
    if not recipients:
        return
    url = renewal.get_absolute_url()
    body = f"{renewal}\n{subject}\n\n{url}"
    messages = [(f"[换届] {subject}", body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]

    def send() -> None:
        try:
            send_mass_mail(messages, fail_silently=False)
        except OSError:
            log.exception("could not send renewal notification for %s", renewal.pk)

    transaction.on_commit(send)

"""Aggregates kept in Django's cache (settings.CACHES) under versioned keys (issue 16).

A figure that every page of a province's staff shows, such as the renewals per phase in their
subtree, is an aggregate over tens of thousands of rows. It is computed once per version and
scope and then read from the cache:

- its key names the figure, the figure's version, the tree's version and the scope (the paths
  the user's roles reach, which change the key when a role is given, taken or its organisation
  closed);
- `changed(name)` bumps a version: at once, so that the transaction that changed the data reads
  the new figure, and again when that transaction commits, so that a figure another request
  computed from the data before the commit, under the first bump, is never read again;
- `track(model, name)` calls `changed(name)` after every save and delete of the model's rows,
  `track_app(app, name)` of any model of an app (a bulk write that sends no signals calls
  `changed` itself); moving an organisation changes every subtree and bumps "tree", which every
  figure's key holds.

The cache must be shared by all the processes (production: CACHE_URL=redis://…): with the
per-process default (locmem) a bump in one gunicorn worker does not reach the others, whose
figures then lag by at most TIMEOUT. Tests use locmem, emptied before each test.

A cache that does not answer (Redis restarting) costs speed, never a page: the figure is computed
from the database and the failure logged; a bump it missed leaves a figure at most TIMEOUT old.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from .access import Action, role_paths

T = TypeVar("T")
log = logging.getLogger(__name__)

#: The most a figure can lag behind the data where a change bypassed `changed` (or, with a
#: per-process cache, where another process made it).
TIMEOUT = 300
TREE = "tree"


def _version_key(name: str) -> str:
    return f"huanjie:figure-version:{name}"


def _version(name: str) -> int:
    key = _version_key(name)
    version = cache.get(key)
    if version is None:
        # Lost or never set: start from the clock, never from a number an evicted key had.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key, 0)
    return version


def _bump(name: str) -> None:
    key = _version_key(name)
    try:
        try:
            cache.incr(key)
        except ValueError:  # not in the cache: any new value is a new version
            cache.set(key, time.time_ns(), timeout=None)
    except Exception:  # the cache is down: its figures expire by themselves (TIMEOUT)
        log.warning("cache unavailable: figure %s not bumped", name, exc_info=True)


def changed(name: str) -> None:
    """The data of figure `name` changed: bump its version now and when the transaction commits."""
    _bump(name)
    transaction.on_commit(lambda: _bump(name))


def figure(name: str, scope: str, compute: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """The cached value of figure `name` for `scope`, computed by `compute` when missing."""
    digest = hashlib.sha256(scope.encode()).hexdigest()[:32]
    try:
        key = f"huanjie:figure:{name}:{_version(name)}:{_version(TREE)}:{digest}"
        value = cache.get(key)
    except Exception:  # the cache is down: the database answers, more slowly
        log.warning("cache unavailable: figure %s computed", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout)
        except Exception:
            log.warning("cache unavailable: figure %s not stored", name, exc_info=True)
    return value


def role_scope(user, *actions: Action) -> str:
    """A figure's scope for what `user` sees through their roles for `actions` (everything for
    a superuser): a role given, taken or closed is a new scope."""
    if user.is_superuser:
        return "*"
    return "|".join(",".join(role_paths(user, action)) for action in actions)


def track(model: type[models.Model], name: str) -> None:
    """Bump figure `name` after every save and delete of `model`."""

    def bump(sender, instance, **kwargs) -> None:
        changed(name)

    uid = f"figure:{name}:{model._meta.label_lower}"
    post_save.connect(bump, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(bump, sender=model, dispatch_uid=uid, weak=False)


def track_app(app_label: str, name: str) -> None:
    """Bump figure `name` after every save and delete of any model of the app `app_label`: for
    a figure that reads many of its tables (a user's inbox)."""

    def bump(sender, instance, **kwargs) -> None:
        if sender._meta.app_label == app_label:
            changed(name)

    uid = f"figure:{name}:app:{app_label}"
    post_save.connect(bump, dispatch_uid=uid, weak=False)
    post_delete.connect(bump, dispatch_uid=uid, weak=False)

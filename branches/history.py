"""Model history: each save or delete of a tracked model writes one `ModelChange` row.

Signals cover every single-row path (services, admin, shell); bulk writes, which send no signals,
record their rows with `record_many` (the member import does). The actor is the request's user,
set by `HistoryActorMiddleware`; outside a request (a command, a background job) the caller names
it, or the row has none (a command run by an operator).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .bulk import insert_rows
from .models import ChangeKind, ModelChange

Changes = dict[str, list[Any]]

# A callable, so a login during the request (which replaces request.user) is seen.
_current_user: ContextVar[Callable[[], Any] | None] = ContextVar("history_user", default=None)


@dataclass(frozen=True)
class Tracked:
    fields: tuple[models.Field, ...]
    # Values stored in a form that does not disclose them (an ID number keeps its ends only).
    masked: dict[str, Callable[[str], str]] = field(default_factory=dict)

    @cached_property
    def columns(self) -> tuple[tuple[str, str, Callable[[str], str] | None], ...]:
        """(name, attribute, mask) of each field: what `values_of` reads, looked up once (the
        import reads them for 100,000 members)."""
        return tuple((f.name, f.attname, self.masked.get(f.name)) for f in self.fields)


_TRACKED: dict[type[models.Model], Tracked] = {}
_AS_IS = frozenset({str, int, bool, float})


def track(
    model: type[models.Model],
    *,
    exclude: Iterable[str] = (),
    masked: dict[str, Callable[[str], str]] | None = None,
) -> None:
    """Record every save and delete of `model`; `exclude` names derived or bookkeeping fields."""
    skip = set(exclude)
    fields = tuple(
        f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip
    )
    _TRACKED[model] = Tracked(fields=fields, masked=masked or {})
    uid = f"history:{model._meta.label_lower}"
    pre_save.connect(_remember_before, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def is_tracked(model: type[models.Model]) -> bool:
    return model in _TRACKED


class HistoryActorMiddleware:
    """Names the request's user as the actor of the history rows its writes produce."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_user.set(lambda: getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)


def current_user() -> Any:
    getter = _current_user.get()
    return getter() if getter is not None else None


def _user_and_name(actor: Any) -> tuple[Any, str]:
    if not getattr(actor, "is_authenticated", False):
        return None, ""
    return actor, actor.get_full_name() or actor.get_username()


def plain(value: Any) -> Any:
    """A JSON value that compares equal whenever the stored value is the same."""
    if value is None or type(value) in _AS_IS or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def values_of(instance: models.Model, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The tracked values of `instance` (foreign keys as primary keys), masked where configured."""
    wanted = None if names is None else set(names)
    values = {}
    for name, attname, mask in _TRACKED[type(instance)].columns:
        if wanted is not None and name not in wanted:
            continue
        value = plain(getattr(instance, attname))  # as Field.value_from_object reads it
        if mask is not None and value and isinstance(value, str):
            value = mask(value)
        values[name] = value
    return values


def _masked(spec: Tracked, name: str, value: Any) -> Any:
    mask = spec.masked.get(name)
    return mask(value) if mask is not None and isinstance(value, str) and value else value


def creation(values: dict[str, Any]) -> Changes:
    return {k: [None, v] for k, v in values.items() if v not in (None, "")}


def between(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record_many(entries: Iterable[tuple[models.Model, str, Changes]], *, actor: Any) -> None:
    """Write history rows for writes that sent no signal (bulk_create, bulk_update, update)."""
    user, name = _user_and_name(actor)
    now = timezone.now()
    user_id = user.pk if user is not None else None
    insert_rows(
        ModelChange,
        ("at", "actor", "actor_name", "model", "object_id", "object_repr", "kind", "changes"),
        [
            (now, user_id, name, obj._meta.label_lower, str(obj.pk), _repr(obj), kind, changes)
            for obj, kind, changes in entries
            if changes
        ],
    )


def _row(obj: models.Model, kind: str, changes: Changes, user: Any, name: str) -> ModelChange:
    return ModelChange(
        actor=user,
        actor_name=name,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=_repr(obj),
        kind=kind,
        changes=changes,
    )


def _repr(obj: models.Model) -> str:
    try:
        return str(obj)[:200]
    except ObjectDoesNotExist:  # a related row named by __str__ is already gone
        return f"{obj._meta.verbose_name} {obj.pk}"


def _write(obj: models.Model, kind: str, changes: Changes) -> None:
    if changes:
        user, name = _user_and_name(current_user())
        _row(obj, kind, changes, user, name).save()


def _remember_before(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    spec = _TRACKED[sender]
    names = [
        f.name
        for f in spec.fields
        if update_fields is None or f.name in update_fields or f.attname in update_fields
    ]
    row = None
    if names:  # save(update_fields=["updated_at"]) changes nothing tracked: nothing to read
        row = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    if row is not None or not names:
        row = {k: _masked(spec, k, plain(v)) for k, v in (row or {}).items()}
        instance.__dict__["_history_before"] = (row, names)


def _after_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    remembered = instance.__dict__.pop("_history_before", None)
    if created:
        _write(instance, ChangeKind.CREATE, creation(values_of(instance)))
    elif remembered is None:  # an unsaved instance given an existing pk: the old values unknown
        _write(instance, ChangeKind.UPDATE, creation(values_of(instance)))
    else:
        before, names = remembered
        _write(instance, ChangeKind.UPDATE, between(before, values_of(instance, names)))


def _after_delete(sender, instance, **kwargs) -> None:
    values = values_of(instance)
    _write(instance, ChangeKind.DELETE, {k: [v, None] for k, v in values.items() if v != ""})

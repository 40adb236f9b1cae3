"""Every edit made in the admin writes an audit event, and every admin shows model history.

The admin bypasses the services (and so their audit events); `AuditedModelAdmin` puts the event
back: who, which object, which fields from what to what, written in the admin's own transaction.
The history page of a tracked model lists its `ModelChange` rows, read-only.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from . import history
from .models import ModelChange, Organisation
from .official import official_text
from .services import audit

HISTORY_ROWS = 200
# Form fields whose values an audit event names but never stores.
SECRET_FIELDS = ("password", "id_number")


def _secret(name: str) -> bool:
    return any(part in name for part in SECRET_FIELDS)


def _value(value: Any) -> Any:
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(history.plain(v)) for v in value)
    return history.plain(value)


def form_changes(form: Any) -> dict[str, list[Any]]:
    """{field: [initial, submitted]} for the fields the admin form changed; secrets as '***'."""
    changes = {}
    for name in form.changed_data:
        if _secret(name):
            changes[name] = ["***", "***"]
        else:
            old = form.initial.get(name, form.fields[name].initial)
            changes[name] = [_value(old), _value(form.cleaned_data.get(name))]
    return changes


def _organisation_of(obj: models.Model) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    for name in ("organisation", "branch"):
        related = getattr(obj, name, None)
        if isinstance(related, Organisation):
            return related
    return None


def _jsonable(message: Any) -> Any:
    return json.loads(json.dumps(message, cls=DjangoJSONEncoder))


class AuditedModelAdmin(admin.ModelAdmin):
    """The base of every ModelAdmin in the project (tests/branches/test_admin_audit.py checks)."""

    object_history_template = "admin/history_with_changes.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # log_addition/log_change follow once the inlines are saved too; they write the event.
        pending = request.__dict__.setdefault("_admin_audit_fields", {})
        pending[(obj._meta.label_lower, obj.pk)] = form_changes(form)

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "admin_add", gettext_lazy("管理后台新增"), message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "admin_change", gettext_lazy("管理后台修改"), message)
        return super().log_change(request, obj, message)

    @transaction.atomic
    def delete_model(self, request, obj):
        self._audit(request, obj, "admin_delete", gettext_lazy("管理后台删除"), "")
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "admin_delete", gettext_lazy("管理后台删除"), "")
        super().delete_queryset(request, queryset)

    def _audit(self, request: HttpRequest, obj: models.Model, action: str, verb: Promise, message):
        pending = request.__dict__.get("_admin_audit_fields", {})
        fields = pending.pop((obj._meta.label_lower, obj.pk), {})
        audit(
            actor=request.user,
            action=action,
            organisation=_organisation_of(obj),
            target=obj,
            summary=official_text(
                gettext_lazy("%(verb)s%(model)s“%(obj)s”"),
                verb=verb,
                model=obj._meta.verbose_name,
                obj=obj,
            ),
            changes={"fields": fields, "admin_message": _jsonable(message)},
        )

    def history_view(self, request, object_id, extra_context=None):
        context = {"tracked": history.is_tracked(self.model)}
        if context["tracked"]:
            rows = ModelChange.objects.filter(
                model=self.opts.label_lower, object_id=str(unquote(object_id))
            ).select_related("actor")[:HISTORY_ROWS]
            context["model_changes"] = [(row, self._described(row)) for row in rows]
            context["history_rows"] = HISTORY_ROWS
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def _described(self, row: ModelChange) -> list[tuple[str, Any, Any]]:
        """(field label, old, new), choices shown by their label."""
        described = []
        for name, (old, new) in row.changes.items():
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                described.append((name, old, new))
                continue
            labels = {str(k): v for k, v in field.flatchoices} if field.choices else {}
            described.append(
                (
                    str(field.verbose_name),
                    labels.get(str(old), old),
                    labels.get(str(new), new),
                )
            )
        return described


def audit_every_admin(site: admin.AdminSite) -> None:
    """Re-register the admins of other apps (users, groups, login attempts) as audited ones."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, AuditedModelAdmin):
            continue
        audited = type(
            f"Audited{type(model_admin).__name__}", (AuditedModelAdmin, type(model_admin)), {}
        )
        site.unregister(model)
        site.register(model, audited)

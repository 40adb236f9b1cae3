from django.contrib import admin

from branches.admin_audit import AuditedModelAdmin

from .models import (
    Exclusion,
    IssuedDocument,
    Nominee,
    Notice,
    Objection,
    Renewal,
    RenewalShift,
    RuleProfile,
)


@admin.register(RuleProfile)
class RuleProfileAdmin(AuditedModelAdmin):
    list_display = ["organisation", "preset", "quorum", "majority_base", "differential_margin",
                    "publicity_days"]  # fmt: skip
    list_filter = ["preset", "quorum", "majority_base"]
    search_fields = ["organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]


class ExclusionInline(admin.TabularInline):
    model = Exclusion
    extra = 0
    can_delete = False
    readonly_fields = ["member", "reason", "note", "status", "decided_by", "decided_at"]

    def has_add_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = IssuedDocument
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "number", "file", "sha256", "issued_at", "issued_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Renewal)
class RenewalAdmin(AuditedModelAdmin):
    """Read-only: a renewal changes only through its services, which write the audit trail."""

    list_display = ["branch", "phase", "awaiting_approval", "phase_entered_at", "created_at"]
    list_filter = ["phase", "awaiting_approval"]
    search_fields = ["branch__name", "branch__code"]
    list_select_related = ["branch"]
    date_hierarchy = "created_at"
    inlines = [ExclusionInline, DocumentInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(AuditedModelAdmin):
    list_display = ["renewal", "kind", "number", "issued_at", "sha256"]
    list_filter = ["kind"]
    search_fields = ["renewal__branch__name", "number", "sha256"]
    list_select_related = ["renewal__branch"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(AuditedModelAdmin):
    """Changed only through the renewal's services, which keep the audit trail."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nominee)
class NomineeAdmin(ReadOnlyAdmin):
    list_display = ["member", "renewal", "source", "votes", "on_list", "reviewed", "approved"]
    list_filter = ["source", "on_list", "reviewed", "approved"]
    search_fields = ["member__name", "renewal__branch__name"]
    list_select_related = ["member", "renewal__branch"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "renewal", "nominee", "status", "resolved_by"]
    list_filter = ["status"]
    search_fields = ["text", "renewal__branch__name"]
    list_select_related = ["renewal__branch", "nominee__member", "resolved_by"]
    date_hierarchy = "created_at"


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Each publication of a notice (第N次公示), as published; changed only by publishing again."""

    list_display = ["renewal", "kind", "number", "start", "end", "published_at", "published_by"]
    list_filter = ["kind"]
    search_fields = ["renewal__branch__name", "renewal__branch__code"]
    list_select_related = ["renewal__branch", "published_by"]
    date_hierarchy = "published_at"


@admin.register(RenewalShift)
class RenewalShiftAdmin(ReadOnlyAdmin):
    """Delays and early renewals, as asked and decided; changed only through their services."""

    list_display = ["branch", "kind", "due_date", "new_date", "status", "requested_at"]
    list_filter = ["kind", "status"]
    search_fields = ["branch__name", "branch__code", "reason"]
    list_select_related = ["branch", "requested_by", "decided_by"]
    date_hierarchy = "requested_at"

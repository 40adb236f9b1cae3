from django.contrib import admin

from branches.admin_audit import AuditedModelAdmin

from .models import ExportJob, ImportJob, Member, Transfer


class TransferInline(admin.TabularInline):
    model = Transfer
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["from_branch", "to_branch"]
    readonly_fields = ["actor", "created_at"]


@admin.register(Member)
class MemberAdmin(AuditedModelAdmin):
    list_display = ["name", "branch", "gender", "status", "rights", "joined_on", "full_member_on"]
    list_filter = ["status", "rights", "gender", "education", "branch__category"]
    # Not by ID number: the admin must not become a lookup of people by their ID.
    search_fields = ["name", "phone", "branch__name", "branch__code"]
    autocomplete_fields = ["branch"]
    list_select_related = ["branch"]
    date_hierarchy = "joined_on"
    inlines = [TransferInline]


@admin.register(Transfer)
class TransferAdmin(AuditedModelAdmin):
    list_display = ["member", "from_branch", "to_branch", "transferred_on", "actor"]
    search_fields = ["member__name", "from_branch__name", "to_branch__name"]
    autocomplete_fields = ["member", "from_branch", "to_branch"]
    list_select_related = ["member", "from_branch", "to_branch", "actor"]
    date_hierarchy = "transferred_on"


@admin.register(ImportJob)
class ImportJobAdmin(AuditedModelAdmin):
    list_display = [
        "created_at",
        "original_name",
        "organisation",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "created_by",
    ]
    list_filter = ["status", "dry_run"]
    search_fields = ["original_name", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    readonly_fields = ["errors", "finished_at"]


@admin.register(ExportJob)
class ExportJobAdmin(AuditedModelAdmin):
    """Read-only: who exported what and when. The file itself is downloaded only by its creator
    through the access-checked view (it may hold full ID numbers)."""

    list_display = ["created_at", "kind", "organisation", "status", "total_rows", "created_by"]
    list_filter = ["status", "kind"]
    search_fields = ["file_name", "organisation__name", "created_by__username"]
    list_select_related = ["organisation", "created_by"]
    date_hierarchy = "created_at"
    exclude = ["file"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "file"]

    def has_add_permission(self, request):
        return False

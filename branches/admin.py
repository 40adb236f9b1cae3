from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .admin_audit import AuditedModelAdmin, audit_every_admin
from .models import AuditEvent, ModelChange, Organisation, Role, Term, TermPost


class TermPostInline(admin.TabularInline):
    model = TermPost
    extra = 0
    autocomplete_fields = ["member"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "kind", "category", "parent", "depth", "is_active"]
    list_filter = ["kind", "category", "is_active", "depth"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth", "created_at"]
    list_select_related = ["parent"]
    inlines = [RoleInline]

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        # A new parent re-hangs the whole subtree, which only the move service does correctly.
        new_parent = obj.parent
        if change and "parent" in form.changed_data and new_parent is not None:
            obj.parent = Organisation.objects.get(pk=obj.pk).parent
            super().save_model(request, obj, form, change)
            services.organisation_move(actor=request.user, organisation=obj, new_parent=new_parent)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Term)
class TermAdmin(AuditedModelAdmin):
    list_display = ["organisation", "number", "start_date", "planned_end", "actual_end"]
    list_filter = ["organisation__category", "actual_end"]
    search_fields = ["organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "planned_end"
    list_select_related = ["organisation"]
    inlines = [TermPostInline]


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role"]
    search_fields = [
        "user__username",
        "user__first_name",
        "organisation__name",
        "organisation__code",
    ]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


class AppendOnlyAdmin(AuditedModelAdmin):
    """A record only ever added to (PostgreSQL refuses UPDATE and DELETE): read in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    list_display = ["at", "actor", "action", "organisation", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "target_id", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor", "organisation"]


@admin.register(ModelChange)
class ModelChangeAdmin(AppendOnlyAdmin):
    """The model history, read-only: rows are only ever added (and refused UPDATE on PostgreSQL)."""

    list_display = ["at", "actor_name", "kind", "model", "object_repr", "object_id"]
    list_filter = ["kind", "model"]
    search_fields = ["object_repr", "object_id", "actor_name"]
    date_hierarchy = "at"


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(AuditedModelAdmin, auth_admin.UserAdmin):
    @transaction.atomic
    def user_change_password(self, request, id, form_url=""):
        # The new password and its audit event are saved together, as every other admin edit.
        return super().user_change_password(request, id, form_url)


# Groups and login attempts (registered by apps listed before this one) are audited too.
audit_every_admin(admin.site)

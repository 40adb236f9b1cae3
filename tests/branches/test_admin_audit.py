"""Edits made in the admin leave an audit event (who, what, which values) and history rows; the
history is shown read-only; the admin offers no search by ID number."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from branches.admin_audit import AuditedModelAdmin
from branches.models import AuditEvent, ModelChange, Role, RoleKind
from tests.conftest import make_member


@pytest.fixture
def superuser_client(client, users):
    client.force_login(users["admin"])
    return client


def test_every_registered_admin_is_audited():
    """Regression: admin edits bypassed the services and so left no audit event."""
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedModelAdmin)
    ]
    assert unaudited == []


def test_an_admin_change_writes_an_event_and_a_history_row(superuser_client, users, tree):
    role = Role.objects.get(user=users["viewer"])
    response = superuser_client.post(
        reverse("admin:branches_role_change", args=[role.pk]),
        {"user": users["viewer"].pk, "organisation": tree["a"].pk, "role": RoleKind.APPROVER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin_change")
    assert (event.actor, event.actor_name) == (users["admin"], "admin")
    assert (event.target_type, event.target_id) == ("branches.role", str(role.pk))
    assert event.organisation == tree["a"]
    assert event.changes["fields"] == {"role": ["viewer", "approver"]}
    rows = ModelChange.objects.filter(model="branches.role", object_id=str(role.pk))
    change = rows.order_by("id").last()
    assert (change.kind, change.actor) == ("update", users["admin"])
    assert change.changes == {"role": ["viewer", "approver"]}


def test_an_admin_deletion_is_audited_one_by_one_and_in_bulk(superuser_client, users, tree):
    member = make_member(tree["b1"], name="吴十")
    response = superuser_client.post(
        reverse("admin:members_member_delete", args=[member.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin_delete", target_type="members.member")
    assert "吴十" in event.summary
    assert event.organisation == tree["b1"]

    roles = list(Role.objects.filter(user__in=[users["viewer"], users["approver"]]))
    response = superuser_client.post(
        reverse("admin:branches_role_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in roles], "post": "yes"},
    )
    assert response.status_code == 302
    audited = AuditEvent.objects.filter(action="admin_delete", target_type="branches.role")
    assert sorted(audited.values_list("target_id", flat=True)) == sorted(str(r.pk) for r in roles)
    assert ModelChange.objects.filter(model="branches.role", kind="delete").count() == 2


def test_an_admin_user_creation_is_audited_without_the_password(superuser_client):
    response = superuser_client.post(
        reverse("admin:auth_user_add"),
        {"username": "newclerk", "usable_password": "true",
         "password1": "Sekret-pass-42", "password2": "Sekret-pass-42"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin_add", target_type="auth.user")
    assert event.changes["fields"]["password1"] == ["***", "***"]
    assert "Sekret" not in str(event.changes)


def test_an_admin_password_change_is_audited_without_the_password(superuser_client, users):
    user = users["viewer"]
    response = superuser_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Another-pass-42", "password2": "Another-pass-42"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin_change", target_type="auth.user")
    assert event.target_id == str(user.pk)
    assert "Another" not in str(event.changes)


def test_the_history_page_lists_changes_read_only(superuser_client, tree):
    b1 = tree["b1"]
    b1.name = "第一党支部（改名）"
    b1.save()
    response = superuser_client.get(reverse("admin:branches_organisation_history", args=[b1.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "数据变更历史" in page
    assert "第一党支部 → 第一党支部（改名）" in page
    assert "<form" not in page.split('id="model-history"')[1]

    row = ModelChange.objects.filter(model="branches.organisation").first()
    change_url = reverse("admin:branches_modelchange_change", args=[row.pk])
    assert superuser_client.get(change_url).status_code == 200
    assert 'name="_save"' not in superuser_client.get(change_url).content.decode()
    delete_url = reverse("admin:branches_modelchange_delete", args=[row.pk])
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ModelChange.objects.filter(pk=row.pk).exists()


def test_the_history_is_for_superusers_only(client, tree):
    user = get_user_model().objects.create_user("clerk", password="pw-123456789", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_modelchange"))
    client.force_login(user)
    for url in (
        reverse("admin:branches_organisation_history", args=[tree["b1"].pk]),
        reverse("admin:branches_modelchange_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_member_admin_does_not_search_by_id_number(superuser_client, tree):
    """Regression: the admin search found a person by their full ID number."""
    member = tree["m1"]
    url = reverse("admin:members_member_changelist")
    assert "张三" in superuser_client.get(url, {"q": "张三"}).content.decode()
    response = superuser_client.get(url, {"q": member.id_number})
    assert response.context["cl"].result_count == 0

"""Every model the Django admin shows opens for a superuser, list and record, with a renewal that
has published its notice: an admin page that fails is found here, not by the admin on duty."""

from __future__ import annotations

from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from elections.models import Notice
from members.models import ExportJob
from tests.campaign_core_helpers import make_campaign


def test_every_admin_list_and_a_record_of_each_open_for_a_superuser(client, users, voting):
    client.force_login(users["admin"])
    assert Notice.objects.filter(renewal=voting).exists()
    opened = []
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
            assert client.get(change).status_code == 200, change
            opened.append(meta.model_name)
    assert {"notice", "renewal", "nominee", "member"} <= set(opened)


def test_a_notice_is_read_only_in_the_admin(client, users, voting):
    client.force_login(users["admin"])
    notice = Notice.objects.filter(renewal=voting).first()
    url = reverse("admin:elections_notice_change", args=[notice.pk])
    page = client.get(url).content.decode()
    assert voting.branch.name in page
    assert 'name="start"' not in page  # shown, not editable
    assert client.get(reverse("admin:elections_notice_add")).status_code == 403
    delete = reverse("admin:elections_notice_delete", args=[notice.pk])
    assert client.post(delete).status_code == 403


def test_an_export_is_listed_in_the_admin_without_its_file(client, users, tree):
    job = ExportJob.objects.create(
        kind="members.roster", created_by=users["staff"], organisation=tree["root"]
    )
    job.file.save("名册.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    client.force_login(users["admin"])
    page = client.get(reverse("admin:members_exportjob_change", args=[job.pk])).content.decode()
    assert "members.roster" in page
    assert job.file.name not in page  # the file goes only to its creator, through its view


def test_a_campaign_and_its_scope_are_read_only_in_the_admin(client, users, tree):
    campaign = make_campaign(users["approver"], tree["a"])
    entry = campaign.entries.get()  # B1, overdue
    client.force_login(users["admin"])
    for model, row in (("campaign", campaign), ("campaignbranch", entry)):
        page = client.get(reverse(f"admin:elections_{model}_change", args=[row.pk]))
        assert page.status_code == 200
        assert 'name="title"' not in page.content.decode()  # shown, not editable
        assert 'name="reason"' not in page.content.decode()
        assert client.get(reverse(f"admin:elections_{model}_add")).status_code == 403
        delete = reverse(f"admin:elections_{model}_delete", args=[row.pk])
        assert client.post(delete).status_code == 403

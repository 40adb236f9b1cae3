"""Exports through the test client, as the list's 导出 button does: POST, the job runs inline
after the commit (JOBS_BACKEND=inline), then its file is downloaded."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from members.models import ExportJob


def export_url(query: dict | None = None) -> str:
    return reverse("members:member_export") + (f"?{urlencode(query)}" if query else "")


def start_export(client, query: dict | None = None) -> ExportJob:
    """POST the export (its job runs once the request's transaction commits); the new export."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(export_url(query))
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.order_by("-pk").first()
    assert response["Location"] == job.get_absolute_url()
    return job


def workbook_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def exported_rows(client, query: dict | None = None) -> list[tuple]:
    """The rows of the roster exported with `query`, as downloaded by the same user."""
    job = start_export(client, query)
    response = client.get(reverse("members:export_download", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    return workbook_rows(b"".join(response.streaming_content))


def exported_cells(client, query: dict | None = None) -> list:
    return [cell for row in exported_rows(client, query) for cell in row]

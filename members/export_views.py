"""The pages of exports run as jobs (members/exports.py): the user's recent exports, one export's
progress (polled as JSON) and its file. Each export is its creator's alone (get_export_job_for)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from branches.access import get_export_job_for
from branches.responses import download
from branches.views import paginate

from .exports import export_job_expire_stale, kind_label
from .models import ExportJob


@never_cache
@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    jobs = ExportJob.objects.filter(created_by=request.user).select_related("organisation")
    page = paginate(request, jobs)
    for job in page:
        job.kind_label = kind_label(job.kind)
    return render(request, "members/export_list.html", {"page": page})


@never_cache
@login_required
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = export_job_expire_stale(get_export_job_for(request.user, pk))
    return render(
        request, "members/export_detail.html", {"job": job, "kind_label": kind_label(job.kind)}
    )


@never_cache
@login_required
def export_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = export_job_expire_stale(get_export_job_for(request.user, pk))
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "finished": job.finished,
            "processed": job.processed_rows,
            "total": job.total_rows,
            "percent": job.percent,
            "message": job.message,
        }
    )


@never_cache
@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_export_job_for(request.user, pk)
    if not job.ready:
        raise Http404
    return download(job.file, job.file_name)

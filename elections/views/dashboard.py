"""The dashboard and the inbox."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.routers import reads_from_replica
from elections.selectors.dashboard import dashboard_for


@reads_from_replica
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "elections/dashboard.html", dashboard_for(request.user))

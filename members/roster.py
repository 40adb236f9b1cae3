"""The roster's filters (the list's `?org=&q=&status=&rights=&order=`) and its export as a job."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.access import Action, can_see_full_id, get_organisation_for, members_for, subtree_q

from .exports import ExportRefused, counted, export_kind
from .forms import MemberFilterForm
from .idcard import normalise
from .models import ExportJob
from .search import member_search_q
from .spreadsheets import write_roster

ROSTER = "members.roster"
#: The filters an export keeps (the list's query string but its page).
FILTERS = ("org", "q", "status", "rights", "order", "format")
#: The file formats of an export: xlsx (a sheet every 1,048,575 rows) or CSV.
FORMATS = ("xlsx", "csv")
NO_ACCESS = "您已无权查看该组织的党员名册，未生成文件。"


def roster_parameters(query) -> dict[str, str]:
    """The filters as given (a QueryDict or a dict), empty ones left out."""
    return {key: str(query.get(key)) for key in FILTERS if query.get(key)}


def _id_number_q(user, q: str) -> Q:
    """Members whose ID number is exactly `q`, among those whose full number `user` may see.

    Only a whole 18-character number matches (the X check digit in either case), and only for
    members the user manages (`can_see_full_id`): a partial match would let anyone who sees the
    masked number recover it one digit at a time.
    """
    number = normalise(q)
    if len(number) != 18:
        return Q(pk__in=[])
    visible = subtree_q(user, Action.MANAGE, "branch__path")  # as can_see_full_id
    match = Q(id_number__iexact=number)
    return match if visible is None else match & visible


def filtered_members(user, query):
    """(form, scope, members) for the filters in `query`, among the members `user` may see.
    An organisation the user may not see (or not a number) is a 404."""
    form = MemberFilterForm(query or None)
    qs = members_for(user).select_related("branch")
    scope = None
    if query.get("org"):
        try:
            scope = get_organisation_for(user, int(query["org"]), action=Action.VIEW)
        except ValueError:
            raise Http404 from None
        qs = qs.filter(branch__path__startswith=scope.path)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            qs = qs.filter(member_search_q(q) | _id_number_q(user, q))
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["rights"]:
            qs = qs.filter(rights=data["rights"])
        if data["order"] == "strokes":
            return form, scope, qs.order_by("name_order", "pk")
    return form, scope, qs.order_by("branch__path", "name", "pk")


@export_kind(ROSTER, _("党员名册"))
def build_roster(job: ExportJob, progress) -> tuple[bytes, str]:
    """The roster as its creator may see it now: ID numbers in full only where they manage."""
    user = job.created_by
    try:
        _form, scope, qs = filtered_members(user, job.parameters)
    except Http404:
        raise ExportRefused(NO_ACCESS) from None
    fmt = job.parameters.get("format") if job.parameters.get("format") in FORMATS else "xlsx"
    rows = counted(qs.iterator(chunk_size=2000), total=qs.count(), progress=progress)
    # Written to a file as the rows are read: a province's roster does not fit in memory.
    with tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False) as target:
        write_roster(rows, show_id=lambda m: can_see_full_id(user, m), target=target, fmt=fmt)
    name = f"党员名册-{scope.code if scope else 'all'}-{timezone.localdate():%Y%m%d}.{fmt}"
    return Path(target.name), name

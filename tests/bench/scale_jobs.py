"""The jobs `make bench-scale` times after its load (tests/bench/scale_load.py, issue 16): the
county's roster exported, and a 100,000-row roster imported, each as its background job does it,
in a process of its own on the seeded database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMPORT_ROWS = int(os.environ.get("SCALE_IMPORT_ROWS", "100000"))
#: SCALE_PROVINCE_EXPORT=csv (or xlsx, or csv,xlsx) also exports the province's 3 M members.
PROVINCE_EXPORT = os.environ.get("SCALE_PROVINCE_EXPORT", "")


def export_benchmark(env: dict[str, str]) -> None:
    """The county's roster exported as the job does it (to a file; read from the primary, the
    replica being stopped by now), as xlsx and as CSV; SCALE_PROVINCE_EXPORT=csv (or xlsx) adds
    the province's (3 M rows: minutes). Each job and its file are removed afterwards."""
    code = f"""
import json, time, django
django.setup()
from branches.models import Role
from members.exports import export_job_run
from members.models import ExportJob, ExportStatus
from members.roster import ROSTER
def emit(name, value, unit):
    print(json.dumps({{"name": name, "value": value, "unit": unit}}), flush=True)
runs = [("scale_county", "xlsx"), ("scale_county", "csv")]
runs += [("scale_province", f) for f in {PROVINCE_EXPORT!r}.split(",") if f]
for username, fmt in runs:
    role = Role.objects.select_related("user", "organisation").get(user__username=username)
    org = role.organisation
    job = ExportJob.objects.create(kind=ROSTER, created_by=role.user, organisation=org,
                                   parameters={{"org": str(org.pk), "format": fmt}})
    start = time.perf_counter()
    done = export_job_run(job.pk)
    seconds = time.perf_counter() - start
    assert done.status == ExportStatus.DONE, done.message
    name = "export_" + username.removeprefix("scale_") + "_" + fmt
    emit(name, round(seconds, 2), "s")
    emit(name + "_rows", done.processed_rows, "rows")
    emit(name + "_size", round(done.file.size / 2**20, 1), "MB")
    done.file.delete(save=False)
    done.delete()
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def import_benchmark(env: dict[str, str]) -> float:
    """Seconds to import a 100,000-row roster into the first county as the import job does it
    (read, check, write); the imported members are rolled back afterwards."""
    code = f"""
import io, sys, time, django
django.setup()
sys.path.insert(0, {str(ROOT / "tests" / "bench")!r})
from bench_import import build_sheet
from branches.models import Organisation, Role
from members.importer import member_import
from django.db import transaction
county = Role.objects.get(user__username="scale_county").organisation
codes = list(Organisation.objects.filter(path__startswith=county.path, kind="branch")
             .values_list("code", flat=True)[:200])
content = build_sheet(codes, rows={IMPORT_ROWS}, phone_prefix="177")
class Undo(Exception):
    pass
try:
    with transaction.atomic():  # the imported members are rolled back afterwards
        start = time.perf_counter()
        result = member_import(source=io.BytesIO(content), scope=county)
        elapsed = time.perf_counter() - start
        assert result.ok, result.errors[:5]
        assert result.created == {IMPORT_ROWS}, result.created
        raise Undo
except Undo:
    pass
print(elapsed)
"""
    out = subprocess.run(  # our own code, in this interpreter
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])

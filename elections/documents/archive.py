"""The archive's documents: the summary and handover PDF, the audit CSV and the sealed zip."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import COMMISSION_POSTS, Post
from branches.official import official
from branches.spreadsheet_safety import csv_safe
from elections.documents.approve import duties_rows, new_term_context
from elections.documents.common import chinese_date, local_day, plan_context
from elections.documents.congress import delegate_list_xlsx
from elections.documents.excel import count_workbook
from elections.models import Renewal
from elections.selectors.archive import (
    handover_table,
    recorded_upload_hashes,
    term_posts,
    uploaded_files,
)
from elections.selectors.audit import action_label, changes_text, person_name, renewal_events
from elections.selectors.congress import congress_of


@official
def audit_csv(renewal: Renewal) -> bytes:
    """One row per recorded action, in Chinese: who by their real name, what by its name."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["时间", "操作人", "操作", "摘要", "变更"])
    for e in renewal_events(renewal):
        writer.writerow([csv_safe(value) for value in (
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            person_name(e),
            action_label(e.action),
            e.summary,
            changes_text(e.changes),
        )])  # fmt: skip
    # A BOM so that Excel opens the Chinese text correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Fixed timestamps inside the zip: the archive's bytes depend on its contents only.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@official
def build_archive(renewal: Renewal) -> bytes:
    """Every issued document as stored, every uploaded file, the count as Excel, the audit trail
    as CSV, and a manifest of their SHA-256."""
    files: list[tuple[str, bytes]] = []
    for number, doc in enumerate(renewal.documents.order_by("issued_at", "pk"), start=1):
        with doc.file.open("rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise ValidationError(
                _("文书“%(d)s”与形成时的 SHA-256 不一致，可能已被改动，不能归档。") % {"d": doc}
            )
        name = f"{number:02d}-{doc.get_kind_display()}{doc.label}.pdf"
        files.append((f"文书/{name}", data))

    # Each upload must be a file whose SHA-256 the audit trail recorded when it was uploaded
    # (uploads from before hashes were recorded have none to compare); the manifest gives theirs.
    recorded = recorded_upload_hashes(renewal)
    for name, field in uploaded_files(renewal):
        try:
            with field.open("rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise ValidationError(
                _("上传的文件“%(f)s”在存储中找不到，不能归档。") % {"f": name}
            ) from None
        known = recorded.get(field.field.name)
        if known and hashlib.sha256(data).hexdigest() not in known:
            raise ValidationError(
                _("上传的文件“%(f)s”与上传时记录的 SHA-256 不一致，可能已被改动，不能归档。")
                % {"f": name}
            )
        files.append((name, data))

    files.append((_("计票结果.xlsx"), count_workbook(renewal)))
    congress = congress_of(renewal)
    if congress is not None:
        files.append((_("党员代表大会代表名单.xlsx"), delegate_list_xlsx(congress)))
    files.append((_("操作记录.csv"), audit_csv(renewal)))
    manifest = ["SHA-256  " + _("文件")]
    manifest += [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in files]
    files.append(("MANIFEST-SHA256.txt", ("\n".join(manifest) + "\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, data)
    return buffer.getvalue()


def summary(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    handover = handover_table(renewal)
    posts = term_posts(renewal)
    context = plan_context(renewal)
    context.update(new_term_context(renewal))
    context.update(
        paragraphs=[p.strip() for p in renewal.summary.splitlines() if p.strip()],
        handover=handover,
        duties=duties_rows(renewal),
        commission=[
            (str(Post(post).label), [n for p, _m, n in posts if p == post])
            for post in COMMISSION_POSTS
            if any(p == post for p, _m, _n in posts)
        ],
        today=chinese_date(local_day(renewal.sealed_at)),
    )
    return "pdf/summary.html", context

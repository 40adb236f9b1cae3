"""Roster import from Excel: one parser and one service, used by the web page and `import_members`.

Every problem is reported at once as (row, column, message); if any row is wrong nothing is saved.
Members are matched by ID number, so importing the same sheet again updates instead of duplicating.
The sheet is read and each row checked in :mod:`members.import_rows`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from branches import history
from branches.bulk import insert_objects, update_objects
from branches.figures import refresh_member_counts
from branches.models import ChangeKind, Organisation, OrganisationKind
from branches.services import audit

from .import_rows import (
    BRANCH_CODE,
    COLUMNS,
    Column,
    Rejected,
    RowError,
    cell_text,
    check_member,
    map_header,
    open_rows,
    parse_row,
    too_many_rows,
)
from .models import Member, RightsStatus, Transfer, name_order_key, write_name_keys

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500
UPDATABLE = [c.key for c in COLUMNS if c.key != BRANCH_CODE]
#: For an ID number registered outside the import's scope. It must not say so: staff would learn
#: that a person they cannot see is a member elsewhere. The dry run and the import say the same.
NOT_IMPORTABLE = (
    "该身份证号不能在本导入范围内登记。请核对号码；"
    "如该党员需从其他组织转入，请联系上级党组织办理组织关系转接"
)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    transferred: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _scope_branches(scope: Organisation | None) -> dict[str, Organisation]:
    qs = Organisation.objects.filter(kind=OrganisationKind.BRANCH, is_active=True)
    if scope is not None:
        qs = qs.subtree_of(scope)
    return {org.code: org for org in qs.only("id", "code", "name", "path", "kind")}


def member_import(
    *,
    source: str | IO[bytes],
    scope: Organisation | None,
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    file_size: int | None = None,
) -> ImportResult:
    """Validate the whole sheet; save it only when every row is right (and not a dry run).

    `scope` is a branch (rows go to it) or a committee / general branch (rows name their branch by
    `支部代码`); None means the whole tree, as from the command line.
    """
    result = ImportResult(dry_run=dry_run)
    limit = settings.MEMBER_IMPORT_MAX_BYTES
    if file_size is not None and file_size > limit:
        result.errors.append(
            RowError(
                0,
                "",
                f"文件过大（{file_size / 1e6:.1f} MB），上限 {limit / 1e6:.0f} MB，请分批导入",
            )
        )
        return result
    single_branch = scope if scope is not None and scope.is_branch else None
    max_rows = settings.MEMBER_IMPORT_MAX_ROWS
    try:
        header, rows, estimate = open_rows(source, max_rows=max_rows)
        mapping = map_header(header, needs_branch_code=single_branch is None)
        if progress:
            progress(0, estimate)
    except Rejected as exc:
        result.errors.append(RowError(0, "", exc.message))
        return result

    branches = _scope_branches(scope)
    errors = result.errors
    parsed: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[str, int] = {}
    today = timezone.localdate()
    try:
        for number, values in enumerate(rows, start=2):
            if number - 1 > max_rows:  # blank rows count: millions of them cost as much to read
                errors.append(RowError(number, "", too_many_rows(max_rows)))
                break
            if not any(cell_text(v) for v in values):
                continue
            data = _read_row(number, values, mapping, single_branch, branches, errors, today)
            id_number = data.get("id_number")
            if id_number in first_row_of:
                errors.append(
                    RowError(number, "身份证号", f"与第{first_row_of[id_number]}行的身份证号重复")
                )
            elif id_number:
                first_row_of[id_number] = number
            parsed.append((number, data))
            if progress and len(parsed) % max(10, min(PROGRESS_EVERY, estimate // 20)) == 0:
                progress(len(parsed), max(estimate, len(parsed)))
    except Rejected as exc:  # the sheet broke off half-way: its row errors no longer matter
        return ImportResult(dry_run=dry_run, errors=[RowError(0, "", exc.message)])
    result.rows = len(parsed)
    if not parsed and not errors:
        errors.append(RowError(0, "", "工作表中没有党员数据（表头下方为空）"))
    existing = _existing_members(first_row_of)
    _check_existing_scope(existing, first_row_of, scope, errors, actor)
    if errors:
        errors.sort(key=lambda e: (e.row, e.column))
        return result
    if progress:
        progress(result.rows, result.rows)
    _plan_and_write(result, parsed, existing, actor=actor, scope=scope, dry_run=dry_run)
    return result


def _read_row(
    number: int,
    values: tuple,
    mapping: dict[int, Column],
    single_branch: Organisation | None,
    branches: dict[str, Organisation],
    errors: list[RowError],
    today: date,
) -> dict[str, Any]:
    data = parse_row(number, values, mapping, errors)
    check_member(number, data, errors, today=today)
    code = data.pop(BRANCH_CODE, "")
    if single_branch is not None:
        if code and code != single_branch.code:
            errors.append(
                RowError(number, "支部代码", f"“{code}”不是本支部（{single_branch.code}）")
            )
        data["branch"] = single_branch
    elif not code:
        errors.append(RowError(number, "支部代码", "必填项为空"))
    elif code not in branches:
        errors.append(RowError(number, "支部代码", f"未知的支部代码“{code}”（或不在导入范围内）"))
    else:
        data["branch"] = branches[code]
    return data


def _existing_members(first_row_of: dict[str, int]) -> dict[str, Member]:
    found: dict[str, Member] = {}
    numbers = list(first_row_of)
    for start in range(0, len(numbers), 900):  # SQLite's bound-parameter limit
        chunk = numbers[start : start + 900]
        for member in Member.objects.filter(id_number__in=chunk).select_related("branch"):
            found[member.id_number] = member
    return found


def _check_existing_scope(
    existing: dict[str, Member],
    first_row_of: dict[str, int],
    scope: Organisation | None,
    errors: list[RowError],
    actor: Any,
) -> None:
    """Refuse rows whose member is registered outside `scope`, in words that do not say so.

    A member inside the scope may move between its branches (a transfer); moving one in from
    outside is a transfer that someone who manages both sides must make.
    """
    if scope is None:
        return
    outside = [
        id_number
        for id_number, member in existing.items()
        if not member.branch.path.startswith(scope.path)
    ]
    for id_number in outside:
        errors.append(RowError(first_row_of[id_number], "身份证号", NOT_IMPORTABLE))
    if outside:
        # Each refusal still tells that the number is taken; a trail shows who keeps asking.
        log.warning(
            "member import by %s into %s: %d ID numbers registered outside it",
            actor,
            scope.code,
            len(outside),
        )


def _plan_and_write(
    result: ImportResult,
    parsed: list[tuple[int, dict[str, Any]]],
    existing: dict[str, Member],
    *,
    actor: Any,
    scope: Organisation | None,
    dry_run: bool,
) -> None:
    to_create: list[Member] = []
    to_update: list[Member] = []
    # Bulk writes send no signals, so the import writes the members' history rows itself.
    updated_from: list[dict[str, Any]] = []
    transfers: list[Transfer] = []
    today = timezone.localdate()
    user = actor if getattr(actor, "is_authenticated", False) else None
    for _number, data in parsed:
        member = existing.get(data["id_number"])
        if member is None:
            to_create.append(Member(**data))
            continue
        values = {key: data.get(key, None if key != "ethnicity" else "汉族") for key in UPDATABLE}
        values.setdefault("rights", RightsStatus.NORMAL)
        values = {
            k: ("" if v is None and k in ("education", "phone") else v) for k, v in values.items()
        }
        changed = [k for k, v in values.items() if getattr(member, k) != v]
        moved = data["branch"].pk != member.branch_id
        before = history.values_of(member) if changed or moved else {}
        if moved:
            transfers.append(
                Transfer(
                    member=member,
                    from_branch_id=member.branch_id,
                    to_branch=data["branch"],
                    transferred_on=today,
                    reason="Excel 导入",
                    actor=user,
                )
            )
            changed.append("branch")
            member.branch = data["branch"]
        if changed:
            updated_from.append(before)
            for key, value in values.items():
                setattr(member, key, value)
            to_update.append(member)
        else:
            result.unchanged += 1
    result.created, result.updated, result.transferred = (
        len(to_create),
        len(to_update),
        len(transfers),
    )
    if dry_run:
        return
    now = timezone.now()
    with transaction.atomic():
        # Bulk writes skip Member.save(): the stroke-order key is set here as save() sets it.
        for member in to_create:
            member.created_at = now
            member.updated_at = now
            member.name_order = name_order_key(member.name)
        insert_objects(Member, to_create)
        write_name_keys(to_create)
        for member in to_update:
            member.updated_at = now
            member.name_order = name_order_key(member.name)
        update_objects(Member, to_update, [*UPDATABLE, "branch", "updated_at", "name_order"])
        renamed = zip(to_update, updated_from, strict=True)
        write_name_keys([m for m, before in renamed if m.name != before["name"]], replace=True)
        insert_objects(Transfer, transfers)
        # Bulk writes send no signals: the branches' stored member counts are refreshed here.
        refresh_member_counts(
            {m.branch_id for m in (*to_create, *to_update)} | {t.from_branch_id for t in transfers}
        )
        history.record_many(
            [
                *(
                    (m, ChangeKind.CREATE, history.creation(history.values_of(m)))
                    for m in to_create
                ),
                *(
                    (m, ChangeKind.UPDATE, history.between(before, history.values_of(m)))
                    for m, before in zip(to_update, updated_from, strict=True)
                ),
            ],
            actor=actor,
        )
        audit(
            actor=actor,
            action="member_import",
            organisation=scope,
            summary=f"Excel 导入党员：新增 {result.created} 人，更新 {result.updated} 人，"
            f"其中转入 {result.transferred} 人",
            changes={"rows": result.rows, "created": result.created, "updated": result.updated},
        )

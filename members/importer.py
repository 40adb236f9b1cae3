"""Roster import from Excel: one parser and one service, used by the web page and `import_members`.

Every problem is reported at once as (row, column, message); if any row is wrong nothing is saved.
Members are matched by ID number, so importing the same sheet again updates instead of duplicating.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from branches.models import Organisation, OrganisationKind
from branches.services import audit

from .idcard import birth_date_from_id, id_number_problem, normalise
from .models import Education, Gender, Member, MemberStatus, RightsStatus, Transfer

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500
BRANCH_CODE = "branch_code"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    is_date: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(BRANCH_CODE, "支部代码"),
    Column("name", "姓名", required=True),
    Column("gender", "性别", required=True, choices=tuple(Gender.choices)),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期", is_date=True),
    Column("education", "学历", choices=tuple(Education.choices)),
    Column("phone", "联系电话"),
    Column("id_number", "身份证号", required=True),
    Column("joined_on", "入党日期", required=True, is_date=True),
    Column("full_member_on", "转正日期", is_date=True),
    Column("status", "党员类别", required=True, choices=tuple(MemberStatus.choices)),
    Column("rights", "权利状态", choices=tuple(RightsStatus.choices)),
    Column("party_probation_until", "留党察看期满", is_date=True),
)
BY_HEADER = {c.header: c for c in COLUMNS}
UPDATABLE = [c.key for c in COLUMNS if c.key != BRANCH_CODE]


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number, 1-based like Excel; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}{f' [{self.column}]' if self.column else ''}：{self.message}"


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


class Rejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = DATE_RE.match(text)
    if not match:
        raise ValueError(f"“{text}”不是有效日期，请写成 2020-07-01 的格式")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期") from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open_rows(source: str | IO[bytes]) -> tuple[list[str], Iterator[tuple], int]:
    """Header cells, an iterator over the data rows and the sheet's row estimate."""
    try:
        if not zipfile.is_zipfile(source):
            raise Rejected("文件不是 Excel 2007 及以上格式（.xlsx），请用模板另存为 .xlsx 后再导入")
        if hasattr(source, "seek"):
            source.seek(0)
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise Rejected("无法读取该文件：不是有效的 .xlsx 工作簿") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or not any(_cell_text(v) for v in header):
        raise Rejected("工作表为空：第一行应为表头（可下载导入模板）")
    return [_cell_text(v) for v in header], rows, max((sheet.max_row or 1) - 1, 0)


def _map_header(header: list[str], *, needs_branch_code: bool) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    problems = []
    for index, text in enumerate(header):
        if not text:
            continue
        column = BY_HEADER.get(text.rstrip("*＊ "))
        if column is None:
            problems.append(f"无法识别的表头“{text}”")
        elif column in mapping.values():
            problems.append(f"表头“{text}”重复")
        else:
            mapping[index] = column
    present = {c.key for c in mapping.values()}
    missing = [c.header for c in COLUMNS if c.required and c.key not in present]
    if needs_branch_code and BRANCH_CODE not in present:
        missing.insert(0, BY_HEADER["支部代码"].header)
    if missing:
        problems.append("缺少必填列：" + "、".join(missing))
    if problems:
        raise Rejected("表头不正确：" + "；".join(problems) + "。请使用导入模板")
    return mapping


def _parse_row(
    number: int, values: tuple, mapping: dict[int, Column], errors: list[RowError]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for index, column in mapping.items():
        raw = values[index] if index < len(values) else None
        text = _cell_text(raw)
        if not text:
            if column.required:
                errors.append(RowError(number, column.header, "必填项为空"))
            continue
        if column.is_date:
            try:
                data[column.key] = parse_date(raw)
            except ValueError as exc:
                errors.append(RowError(number, column.header, str(exc)))
        elif column.choices:
            by_label = {str(label): value for value, label in column.choices}
            if text in by_label:
                data[column.key] = by_label[text]
            else:
                allowed = "、".join(by_label)
                errors.append(RowError(number, column.header, f"“{text}”无效，应为：{allowed}"))
        else:
            data[column.key] = text
    return data


def _check_member(number: int, data: dict[str, Any], errors: list[RowError]) -> None:
    today = timezone.localdate()

    def err(column_key: str, message: str) -> None:
        header = next(c.header for c in COLUMNS if c.key == column_key)
        errors.append(RowError(number, header, message))

    if "id_number" in data:
        data["id_number"] = normalise(data["id_number"])
        problem = id_number_problem(data["id_number"])
        if problem:
            err("id_number", problem)
        else:
            from_id = birth_date_from_id(data["id_number"])
            if "birth_date" not in data:
                data["birth_date"] = from_id
            elif data["birth_date"] != from_id:
                err("birth_date", f"出生日期与身份证号不一致（身份证为 {from_id}）")
    if len(data.get("name", "")) > 50:
        err("name", "姓名过长（最多50字）")
    for key in ("birth_date", "joined_on", "full_member_on"):
        if isinstance(data.get(key), date) and data[key] > today:
            err(key, "日期不能晚于今天")
    joined, full = data.get("joined_on"), data.get("full_member_on")
    if joined and data.get("birth_date") and joined <= data["birth_date"]:
        err("joined_on", "入党日期应晚于出生日期")
    status = data.get("status")
    if status == MemberStatus.FULL and "full_member_on" not in data:
        err("full_member_on", "正式党员必须填写转正日期")
    if status == MemberStatus.PROBATIONARY and full:
        err("full_member_on", "预备党员不应有转正日期")
    if joined and full and full < joined:
        err("full_member_on", "转正日期不能早于入党日期")
    data.setdefault("rights", RightsStatus.NORMAL)
    if data.get("party_probation_until") and data["rights"] != RightsStatus.PARTY_PROBATION:
        err("party_probation_until", "只有“留党察看”的党员才填写留党察看期满日期")
    data.setdefault("ethnicity", "汉族")


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
    try:
        header, rows, estimate = _open_rows(source)
        mapping = _map_header(header, needs_branch_code=single_branch is None)
        if progress:
            progress(0, estimate)
    except Rejected as exc:
        result.errors.append(RowError(0, "", exc.message))
        return result

    branches = _scope_branches(scope)
    errors = result.errors
    parsed: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[str, int] = {}
    max_rows = settings.MEMBER_IMPORT_MAX_ROWS
    for number, values in enumerate(rows, start=2):
        if not any(_cell_text(v) for v in values):
            continue
        if len(parsed) >= max_rows:
            errors.append(RowError(number, "", f"超过单次导入上限 {max_rows} 行，请分批导入"))
            break
        data = _parse_row(number, values, mapping, errors)
        _check_member(number, data, errors)
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
            errors.append(
                RowError(number, "支部代码", f"未知的支部代码“{code}”（或不在导入范围内）")
            )
        else:
            data["branch"] = branches[code]
        id_number = data.get("id_number")
        if id_number:
            if id_number in first_row_of:
                errors.append(
                    RowError(number, "身份证号", f"与第{first_row_of[id_number]}行的身份证号重复")
                )
            else:
                first_row_of[id_number] = number
        parsed.append((number, data))
        if progress and len(parsed) % max(10, min(PROGRESS_EVERY, estimate // 20)) == 0:
            progress(len(parsed), max(estimate, len(parsed)))
    result.rows = len(parsed)
    if not parsed and not errors:
        errors.append(RowError(0, "", "工作表中没有党员数据（表头下方为空）"))
    existing = _existing_members(first_row_of)
    _check_existing_scope(existing, first_row_of, scope, errors)
    if errors:
        errors.sort(key=lambda e: (e.row, e.column))
        return result
    if progress:
        progress(result.rows, result.rows)
    _plan_and_write(result, parsed, existing, actor=actor, scope=scope, dry_run=dry_run)
    return result


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
) -> None:
    if scope is None:
        return
    for id_number, member in existing.items():
        if not member.branch.path.startswith(scope.path):
            errors.append(
                RowError(
                    first_row_of[id_number],
                    "身份证号",
                    "该党员已登记在导入范围以外的组织，请先办理组织关系转接",
                )
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
        if data["branch"].pk != member.branch_id:
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
        for member in to_create:
            member.created_at = now
            member.updated_at = now
        Member.objects.bulk_create(to_create, batch_size=1000)
        for member in to_update:
            member.updated_at = now
        Member.objects.bulk_update(to_update, [*UPDATABLE, "branch", "updated_at"], batch_size=500)
        Transfer.objects.bulk_create(transfers, batch_size=1000)
        audit(
            actor=actor,
            action="member_import",
            organisation=scope,
            summary=f"Excel 导入党员：新增 {result.created} 人，更新 {result.updated} 人，"
            f"其中转入 {result.transferred} 人",
            changes={"rows": result.rows, "created": result.created, "updated": result.updated},
        )

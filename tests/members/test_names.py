"""Issue 12: people's names refuse control and invisible characters (look-alike names)."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest

from branches.forms import TermPostForm
from branches.models import OrganisationKind
from elections.forms.publicise import ObjectionForm
from elections.forms.rounds import BallotForm, TotalsForm
from members.forms import MemberForm
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.models import Member
from tests.conftest import make_org, xlsx_bytes

HEADER = [c.header for c in COLUMNS]


def row(code: str, name: str) -> list:
    values = {
        "支部代码": code,
        "姓名": name,
        "性别": "男",
        "民族": "汉族",
        "身份证号": make_id_number("110105", date(1985, 3, 4), 11),
        "入党日期": "2010-07-01",
        "转正日期": "2011-07-01",
        "党员类别": "正式党员",
        "权利状态": "正常",
    }
    return [values.get(h, "") for h in HEADER]


MESSAGE = "姓名含有不可见字符或控制字符，请删除后重新输入"

BAD_NAMES = [
    "张\u202e三",  # right-to-left override
    "张\u200b三",  # zero-width space
    "\ufeff张三",  # byte order mark (Cf)
    "张\u200d三",  # zero-width joiner
    "张\u2066三",  # left-to-right isolate
    "张\x07三",  # bell (Cc)
    "张\t三",  # tab (Cc)
]
GOOD_NAMES = ["张三", "阿依古丽·买买提", "欧阳 修", "Zhang San"]


def member_data(name: str) -> dict:
    return {
        "name": name,
        "gender": "male",
        "ethnicity": "汉族",
        "id_number": make_id_number("110105", date(1985, 3, 4), 7),
        "joined_on": "2010-07-01",
        "full_member_on": "2011-07-01",
        "status": "full",
        "rights": "normal",
    }


@pytest.mark.parametrize("name", BAD_NAMES)
def test_member_form_refuses_hidden_characters(name):
    form = MemberForm(data=member_data(name))
    assert not form.is_valid()
    assert any(MESSAGE in e for e in form.errors["name"]), form.errors


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_member_form_accepts_ordinary_names(name):
    form = MemberForm(data=member_data(name))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == name  # nothing silently stripped


# openpyxl cannot write most C0 controls to a sheet at all; tab it can.
@pytest.mark.parametrize("name", [n for n in BAD_NAMES if "\x07" not in n])
def test_import_refuses_hidden_characters_and_saves_nothing(tree, name):
    before = Member.objects.count()
    content = xlsx_bytes([row("B1", name)], HEADER)
    result = member_import(source=io.BytesIO(content), scope=tree["a"])
    assert not result.ok
    assert any(e.column == "姓名" and MESSAGE in e.message for e in result.errors), result.errors
    assert Member.objects.count() == before


def test_import_accepts_ordinary_names(tree):
    content = xlsx_bytes([row("B1", "阿依古丽·买买提")], HEADER)
    result = member_import(source=io.BytesIO(content), scope=tree["a"])
    assert result.ok, result.errors


@pytest.mark.parametrize("name", ["张\u202e三", "李\u200b四"])
def test_write_ins_refuse_hidden_characters(name):
    ballot = BallotForm(data={"keys": "", "write_ins": f"王五 {name}"})
    assert not ballot.is_valid()
    assert any("不可见字符或控制字符" in e for e in ballot.errors["write_ins"])
    round_ = SimpleNamespace(names=["甲"], totals={}, allow_write_ins=True)
    data = {"invalid": 0, "yes_0": 1, "no_0": 0, "abstain_0": 0, "write_ins": f"{name} 2"}
    totals = TotalsForm(data=data, round_=round_)
    assert not totals.is_valid()
    assert any("不可见字符或控制字符" in e for e in totals.errors["write_ins"])
    data["write_ins"] = "王五 2\n赵六 1"
    totals = TotalsForm(data=data, round_=round_)
    assert totals.is_valid(), totals.errors
    assert BallotForm(data={"keys": "", "write_ins": "王五 赵六"}).is_valid()


def test_other_name_fields_refuse_hidden_characters(db):
    form = TermPostForm(
        data={"post": "secretary", "person_name": "张\u202e三"},
        branch=make_org("B9", OrganisationKind.BRANCH),
    )
    assert not form.is_valid()
    assert any(MESSAGE in e for e in form.errors["person_name"])
    form = ObjectionForm(data={"text": "意见", "name": "张\u200b三"}, candidates=[])
    assert not form.is_valid()
    assert any(MESSAGE in e for e in form.errors["name"])

"""Forms of the rounds: issuing ballots, returned ballots, keyed ballots, totals, closing,
seat reduction and duties."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from elections.forms.meeting import PeopleChoice
from elections.models import Elected, EntryMode, Round
from elections.selectors.rounds import DUTY_CHOICES
from members.models import Member
from members.names import check_name

WRITE_IN_HIDDEN_CHARS = _("另选他人的姓名含有不可见字符或控制字符，请删除后重新输入。")


class RoundOpenForm(forms.Form):
    issued = forms.IntegerField(label=_("发出选票数"), min_value=1)
    chosen = PeopleChoice(
        label=_("候选人"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    scope = forms.ChoiceField(
        label=_("另行选举的候选人范围（由大会决定）"),
        choices=[
            ("all", _("全部未当选的候选人")),
            ("top", _("取上一轮未当选的候选人中得票最多的前几名")),
        ],
        widget=forms.RadioSelect,
        initial="all",
        required=False,
    )
    top_n = forms.IntegerField(
        label=_("取前几名"),
        min_value=1,
        required=False,
        help_text=_("得票相等者一并列入；不能少于应选名额"),
    )

    def __init__(
        self, *args, pool: list[Member] | None = None, supplementary: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        if pool is None:
            del self.fields["chosen"]
        else:
            self.fields["chosen"].queryset = Member.objects.filter(pk__in=[m.pk for m in pool])
            self.pool_order = [m.pk for m in pool]
        if not supplementary:
            del self.fields["scope"]
            del self.fields["top_n"]

    def clean(self) -> dict:
        data = super().clean()
        if "scope" not in self.fields:
            return data
        if data.get("scope") != "top":
            data["top_n"] = None
        elif data.get("top_n") is None and "top_n" not in self.errors:
            self.add_error("top_n", _("请填写取得票最多的前几名。"))
        return data


class ReturnedForm(forms.Form):
    returned = forms.IntegerField(label=_("收回选票数"), min_value=0)
    mode = forms.ChoiceField(
        label=_("计票录入方式"),
        choices=EntryMode.choices,
        widget=forms.RadioSelect,
        initial=EntryMode.BALLOTS,
    )


class BallotForm(forms.Form):
    keys = forms.CharField(label=_("标记"), required=False, max_length=50)
    write_ins = forms.CharField(label=_("另选他人"), required=False, max_length=200)
    entry = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_write_ins(self) -> str:
        return check_name(self.cleaned_data["write_ins"], WRITE_IN_HIDDEN_CHARS)


class TotalsForm(forms.Form):
    invalid = forms.IntegerField(label=_("无效票"), min_value=0, initial=0)
    write_ins = forms.CharField(
        label=_("另选他人得票"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一人：姓名 赞成票数，如“张三 3”"),
    )

    def __init__(self, *args, round_: Round, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.round = round_
        totals = round_.totals or {}
        self.rows = []
        for index, name in enumerate(round_.names):
            row = []
            for mark, label in (("yes", _("赞成")), ("no", _("不赞成")), ("abstain", _("弃权"))):
                key = f"{mark}_{index}"
                self.fields[key] = forms.IntegerField(
                    label=f"{name} {label}", min_value=0,
                    initial=totals.get(mark, {}).get(name, 0),
                )  # fmt: skip
                row.append(key)
            self.rows.append((name, [self[k] for k in row]))
        if totals:
            self.fields["invalid"].initial = totals.get("invalid", 0)
            self.fields["write_ins"].initial = "\n".join(
                f"{k} {v}" for k, v in totals.get("write_ins", {}).items()
            )
        if not round_.allow_write_ins:
            del self.fields["write_ins"]

    def clean_write_ins(self) -> dict[str, int]:
        # Line breaks separate the entries; any other control or invisible character is refused.
        for line in self.cleaned_data.get("write_ins", "").splitlines():
            check_name(line, WRITE_IN_HIDDEN_CHARS)
        result: dict[str, int] = {}
        for line in self.cleaned_data.get("write_ins", "").splitlines():
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(_("“%(l)s”格式不对，应为“姓名 票数”。") % {"l": line})
            result[parts[0]] = result.get(parts[0], 0) + int(parts[1])
        return result

    def totals(self) -> dict:
        data = self.cleaned_data
        table = {"yes": {}, "no": {}, "abstain": {}}
        for index, name in enumerate(self.round.names):
            for mark in table:
                table[mark][name] = data[f"{mark}_{index}"]
        return {
            **table,
            "invalid": data["invalid"],
            "write_ins": data.get("write_ins") or {},
        }


class CloseForm(forms.Form):
    confirmed_by = forms.ChoiceField(label=_("监票人确认"), choices=())

    def __init__(self, *args, scrutineers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed_by"].choices = [("", "—")] + [(n, n) for n in scrutineers]


class ReduceForm(forms.Form):
    agree = forms.IntegerField(
        label=_("同意减少名额的人数"), min_value=0, help_text=_("须超过实到会有选举权党员的半数")
    )


class DutiesForm(forms.Form):
    def __init__(self, *args, members: list[Elected], leaders: set[int], **kwargs) -> None:
        """`leaders`: members elected secretary or deputy, whose duty comes from that vote."""
        super().__init__(*args, **kwargs)
        self.members = members
        for elected in members:
            if elected.member_id in leaders or elected.duty in ("secretary", "deputy"):
                continue
            self.fields[f"duty_{elected.pk}"] = forms.ChoiceField(
                label=elected.name,
                choices=[("", "—"), *DUTY_CHOICES],
                required=True,
                initial=elected.duty,
                error_messages={"required": _("请为每位委员确定分工。")},
            )

    def duties(self) -> dict[int, str]:
        return {
            int(key.removeprefix("duty_")): value
            for key, value in self.cleaned_data.items()
            if key.startswith("duty_")
        }

"""Search-as-you-type pickers of members (issue 16), as branches/pickers.py is for organisations:
a form's `<select>` of members carries only the chosen one, and the browser asks `member_pick`
for the 20 that match what is typed. A committee renewing by members' meeting chooses among
every member of its subtree, and a term's five post rows would each list the whole roster.

A member picker is named and takes the object whose members it offers (a branch, a renewal):
`offered(user, pk)` returns them, refusing (404) an object the user's roles do not reach for
the form's action, as the form's own view does. Typed letters are pinyin initials ("zs" finds
张三), anything else is looked for inside the name; phone and ID numbers are never matched (the
picker shows names only).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.search import LETTERS, member_search_q

from .access import Action, get_organisation_for
from .pickers import PICK_LIMIT, SearchPicker


def _branch_members(user: AbstractBaseUser, pk: int) -> QuerySet[Member]:
    """A branch's members, for those who may manage the branch (its terms' post holders)."""
    org = get_organisation_for(user, pk, action=Action.MANAGE)
    if not org.is_branch:
        raise Http404
    return org.members.all()


#: name -> offered(user, pk): the members the picker offers `user` for the object `pk`.
MEMBER_PICKERS: dict[str, Callable[[AbstractBaseUser, int], QuerySet[Member]]] = {
    "branch-manage": _branch_members,
}


def register(name: str, offered: Callable[[AbstractBaseUser, int], QuerySet[Member]]) -> None:
    """A member picker of another app (elections registers a renewal's electorate)."""
    MEMBER_PICKERS[name] = offered


def member_label(member: Member) -> str:
    return f"{member.name}（{member.branch.name}）"


def search_members(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    """The first PICK_LIMIT of `qs` that `text` finds, by name; the first when nothing is typed."""
    text = "".join(text.split())
    if text and LETTERS.fullmatch(text):
        qs = qs.filter(member_search_q(text))
    elif text:
        qs = qs.filter(name__contains=text)
    return qs.select_related("branch").order_by("name", "pk")[:PICK_LIMIT]


class MemberPicker(SearchPicker):
    placeholder = _("输入姓名或拼音首字母搜索")
    empty = _("没有匹配的党员")

    def __init__(self, picker: str, pk: int, attrs: dict | None = None) -> None:
        if picker not in MEMBER_PICKERS:
            raise KeyError(picker)
        self.picker, self.pk = picker, pk
        super().__init__(attrs={"class": "form-select", **(attrs or {})})

    def url(self) -> str:
        return reverse("branches:member_pick", args=[self.picker, self.pk])

    def label(self, row: Member) -> str:
        return member_label(row)


def use_member_picker(
    field: forms.ModelChoiceField, queryset: QuerySet[Member], *, picker: str, pk: int
) -> None:
    """Validate `field` against `queryset` and show it as the picker `picker` of object `pk`."""
    field.widget = MemberPicker(picker, pk)
    field.queryset = queryset.select_related("branch")  # also gives the widget its choices
    field.label_from_instance = member_label

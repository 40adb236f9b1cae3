"""Search-as-you-type pickers of organisations (issue 16): a province has 100,000 of them, so a
form's `<select>` carries only the chosen option, and the browser asks `organisation_pick` for
the 20 that match what is typed (Tom Select, static/vendor/tom-select, set up by huanjie.js).

A picker is named: its name says which organisations it offers (those the user may manage, only
branches ...). The form's field keeps the full queryset for validation (one indexed lookup of the
chosen row); the page never lists it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import Action, organisations_for
from .models import Organisation, OrganisationKind

#: How many matches a search returns.
PICK_LIMIT = 20

#: name -> the organisations the picker offers to `user`.
PICKERS: dict[str, Callable[..., QuerySet[Organisation]]] = {
    "manage": lambda user: organisations_for(user, Action.MANAGE).filter(is_active=True),
    "manage-branch": lambda user: organisations_for(user, Action.MANAGE).filter(
        is_active=True, kind=OrganisationKind.BRANCH
    ),
    "manage-parent": lambda user: (
        organisations_for(user, Action.MANAGE)
        .filter(is_active=True)
        .exclude(kind=OrganisationKind.BRANCH)
    ),
    "view": lambda user: organisations_for(user).filter(is_active=True),
    # Branches and general branches: the units a campaign may choose.
    "view-unit": lambda user: organisations_for(user).filter(
        is_active=True, kind__in=[OrganisationKind.BRANCH, OrganisationKind.GENERAL_BRANCH]
    ),
    # Every organisation that renews (all three kinds): a campaign's scope.
    "view-active": lambda user: organisations_for(user).filter(is_active=True),
}


def register(name: str, offered: Callable[..., QuerySet[Organisation]]) -> None:
    """A picker of another app (elections registers the organisations a user may campaign for)."""
    PICKERS[name] = offered


def label(org: Organisation) -> str:
    return f"{org.name}（{org.code}）"


def search(qs: QuerySet[Organisation], text: str) -> QuerySet[Organisation]:
    """The first PICK_LIMIT of `qs` whose name holds `text` or whose code starts with it, in
    tree order; the first PICK_LIMIT when nothing is typed."""
    text = text.strip()
    if text:
        qs = qs.filter(Q(name__contains=text) | Q(code__startswith=text.upper()))
    return qs.order_by("path")[:PICK_LIMIT]


class SearchPicker(forms.Select):
    """A `<select>` holding only the chosen rows, searched through `url()` by huanjie.js; a
    subclass names its `url`, its rows' `label`, the `placeholder` and the `empty` text."""

    placeholder = ""
    empty = ""

    def url(self) -> str:
        raise NotImplementedError

    def label(self, row) -> str:
        return str(row)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-picker-url"] = self.url()
        widget_attrs["data-picker-placeholder"] = str(self.placeholder)
        widget_attrs["data-picker-empty"] = str(self.empty)
        return context

    def optgroups(self, name, value, attrs=None):
        """The empty choice and the chosen rows: never the whole queryset."""
        chosen = [v for v in value if v not in ("", None)]
        queryset = getattr(self.choices, "queryset", None)
        rows = []
        if chosen and queryset is not None:
            try:
                rows = list(queryset.filter(pk__in=chosen)[:10])
            except (ValueError, TypeError):
                rows = []
        options = [self.create_option(name, "", "---------", not chosen, 0)]
        for index, row in enumerate(rows, start=1):
            options.append(self.create_option(name, str(row.pk), self.label(row), True, index))
        return [(None, options, 0)]


class OrganisationPicker(SearchPicker):
    """A SearchPicker of organisations, named by its picker (PICKERS)."""

    placeholder = _("输入名称或代码搜索")
    empty = _("没有匹配的党组织")

    def __init__(self, picker: str, attrs: dict | None = None) -> None:
        if picker not in PICKERS:
            raise KeyError(picker)
        self.picker = picker
        super().__init__(attrs={"class": "form-select", **(attrs or {})})

    def url(self) -> str:
        return reverse("branches:organisation_pick", args=[self.picker])

    def label(self, row: Organisation) -> str:
        return label(row)


class OrganisationMultiPicker(OrganisationPicker):
    allow_multiple_selected = True


class OrganisationChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField shown as an OrganisationPicker; its labels name the code too."""

    def __init__(self, *, picker: str, **kwargs) -> None:
        kwargs.setdefault("queryset", Organisation.objects.none())
        kwargs.setdefault("widget", OrganisationPicker(picker))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Organisation) -> str:
        return label(obj)


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField shown as an OrganisationMultiPicker."""

    def __init__(self, *, picker: str, **kwargs) -> None:
        kwargs.setdefault("queryset", Organisation.objects.none())
        kwargs.setdefault("widget", OrganisationMultiPicker(picker))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Organisation) -> str:
        return label(obj)

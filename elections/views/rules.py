"""The settings pages of an organisation: its rule profile and its 发文字号."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches.access import Action, get_organisation_for
from elections.domain.numbering import format_number
from elections.forms.numbering import DocumentSettingsForm
from elections.forms.rules import (
    EligibilityRuleFormSet,
    RuleProfileForm,
    formset_rules,
    rule_rows,
)
from elections.models import RuleProfile
from elections.selectors.numbering import document_settings_for
from elections.selectors.rules import (
    PROFILE_FIELDS,
    effective_profile,
    negative_list_for,
    preset_values,
)
from elections.services import rules as rules_service
from elections.services.documents import document_settings_save
from elections.views.common import attempt


@login_required
@require_http_methods(["GET", "POST"])
def rule_profile_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, org_pk, action=Action.MANAGE)
    own = RuleProfile.objects.filter(organisation=org).first()
    inherited = effective_profile(org.parent) if org.parent_id else None
    if request.method == "POST" and "inherit" in request.POST:
        rules_service.rule_profile_delete(actor=request.user, organisation=org)
        messages.success(request, _("已改为沿用上级的选举规则。"))
        return redirect(org)
    if request.method == "POST" and "apply_preset" in request.POST:
        preset = request.POST.get("preset", "organs")
        values = preset_values(preset if preset in ("organs", "village") else "organs")
        form = RuleProfileForm(initial=values)
        rows = EligibilityRuleFormSet(prefix="eligibility")
    elif request.method == "POST":
        form = RuleProfileForm(request.POST, instance=own)
        rows = EligibilityRuleFormSet(request.POST, prefix="eligibility")
        if form.is_valid() and rows.is_valid():
            fields = form.settings() | {"eligibility_rules": formset_rules(rows)}
            if attempt(
                request,
                lambda: rules_service.rule_profile_save(
                    actor=request.user, organisation=org, **fields
                ),
                _("选举规则已保存，下级组织新启动的换届按此执行。"),
                form,
            ):
                return redirect(org)
    else:
        source = own or inherited
        values = (
            {f: getattr(source, f) for f in PROFILE_FIELDS} if source else preset_values("organs")
        )
        if not own:
            values["negative_list"] = []  # a new profile inherits the list until it words one
        form = RuleProfileForm(instance=own) if own else RuleProfileForm(initial=values)
        rows = EligibilityRuleFormSet(
            prefix="eligibility", initial=rule_rows(values.get("eligibility_rules") or [])
        )
    return render(
        request,
        "elections/ruleprofile_form.html",
        {
            "org": org,
            "form": form,
            "rows": rows,
            "own": own,
            "inherited": inherited,
            "negative_list": negative_list_for(org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_settings_edit(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = get_organisation_for(request.user, org_pk, action=Action.MANAGE)
    current = document_settings_for(org)
    form = DocumentSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            lambda: document_settings_save(
                actor=request.user,
                organisation=org,
                short_name=data["short_name"],
                number_pattern=data["number_pattern"],
            ),
            _("发文字号设置已保存，此后形成的请示、报告、批复按此编号。"),
            form,
        ):
            return redirect(org)
    example = format_number(
        current.number_pattern, short_name=current.short_name_or_default(), year=2026, sequence=1
    )
    return render(
        request,
        "elections/document_settings_form.html",
        {"org": org, "form": form, "example": example},
    )

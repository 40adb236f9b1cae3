"""The Content-Security-Policy in a real browser: the main pages of the demo load with the policy
on and nothing refused (the watch in conftest.py fails any browser test on which something is),
the bars still take their widths from script, and an inline script or style attribute is refused.
"""

from __future__ import annotations

import pytest

from .helpers import CHROMIUM, login

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.urls import reverse
from playwright.sync_api import expect

from branches.models import Organisation
from elections.models import Phase, Renewal, Round
from members.models import Member

pytestmark = pytest.mark.e2e


def closed_round() -> str:
    """A counted round's page, with its bar chart."""
    round_ = Round.objects.filter(closed_at__isnull=False).select_related("meeting").first()
    return reverse("elections:round_detail", args=[round_.meeting.renewal_id, round_.pk])


def main_pages() -> list[str]:
    """The lists, a branch, a member, a form, every seeded renewal (one in each phase), a
    meeting day, the delegates' congress, a round with its bar chart and the import page."""
    branch = Organisation.objects.get(code="JG-01")
    voting = Renewal.objects.get(phase=Phase.VOTE, branch__kind="branch")
    congress = Renewal.objects.get(branch__code="JG")  # the demo's delegates' congress
    return [
        reverse("home"),
        reverse("elections_dashboard:dashboard"),
        reverse("branches:organisation_list"),
        reverse("branches:organisation_detail", args=[branch.pk]),
        reverse("members:member_list"),
        reverse("members:member_detail", args=[Member.objects.filter(branch=branch).first().pk]),
        reverse("members:member_create", args=[branch.pk]),
        reverse("elections:renewal_list"),
        *(r.get_absolute_url() for r in Renewal.objects.order_by("pk")),
        reverse("elections:meeting_day", args=[voting.pk, "members"]),
        reverse("elections:congress_page", args=[congress.pk]),
        closed_round(),
        reverse("members:import_upload"),
        reverse("password_change"),
    ]


def test_main_pages_load_under_the_policy_with_nothing_refused(demo, page, no_csp_violation):
    base = demo.url
    response = page.goto(f"{base}/accounts/login/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    login(page, base, "zuzhi")
    for url in main_pages():
        response = page.goto(base + url)
        assert response.status == 200, url
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy, url
        assert "'unsafe-inline'" not in policy, url
        expect(page.locator("footer")).to_be_visible()
        assert no_csp_violation == [], url

    # The dashboard's and the round's bars: sized by huanjie.js from data-width.
    for url in (reverse("elections_dashboard:dashboard"), closed_round()):
        page.goto(base + url)
        bars = page.locator("[data-width]")
        assert bars.count() > 0, url
        widths = bars.evaluate_all("els => els.map(e => e.style.width)")
        assert all(w.endswith("%") for w in widths), (url, widths)

    # The language switch submits itself without an onchange attribute.
    page.goto(base + reverse("home"))
    page.locator("select[name=language]").select_option("en")
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()


def test_admin_and_public_notice_load_under_the_policy(demo, page):
    base = demo.url
    publicising = Renewal.objects.get(phase=Phase.PUBLICISE)
    response = page.goto(base + reverse("public_notice", args=[publicising.public_token]))
    assert response.status == 200
    login(page, base, "admin")
    for url in (
        reverse("admin:index"),
        reverse("admin:elections_renewal_changelist"),
        reverse("admin:elections_renewal_change", args=[publicising.pk]),
    ):
        response = page.goto(base + url)
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]


def test_the_policy_refuses_an_inline_script_and_a_style_attribute(demo, page, no_csp_violation):
    """The watch hears a refusal (else a quiet page would prove nothing)."""
    login(page, demo.url, "zuzhi")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
            document.body.setAttribute("style", "background: red");
        }"""
    )
    assert page.evaluate("() => window.inlineRan === undefined")
    assert (
        page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    )
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in no_csp_violation), no_csp_violation
    assert any("style-src" in v for v in no_csp_violation), no_csp_violation
    no_csp_violation.clear()

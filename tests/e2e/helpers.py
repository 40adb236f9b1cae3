"""What the browser tests share: where chromium is, logging in, saving screenshots, watching for
what the Content-Security-Policy refused."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # git-ignored
VIEWPORT = {"width": 1280, "height": 800}
DEMO_PASSWORD = "huanjie-demo"


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in and submit the login form (whatever page it lands on)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under tests/e2e/screenshots/ for a human to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# Each securitypolicyviolation event, written to the console where `watch_csp` hears it (chromium
# also logs most refusals there itself, "Refused to ... Content Security Policy").
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation") or "Content Security Policy" in text


def watch_csp(context, violations: list[str]) -> None:
    """Append to `violations` whatever the policy refuses on any page of `context`: an inline
    script, a style attribute, a handler attribute; none of them would fail a test otherwise."""
    context.add_init_script(_REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            violations.append(f"{message.page.url if message.page else ''} {message.text}")
            if is_csp_violation(message.text)
            else None
        ),
    )


def pick(page, label: str, text: str, *, within=None) -> None:
    """Choose `text` in an organisation picker (branches/pickers.py, Tom Select): type it into
    the field labelled `label`, then click the matching option the server returned."""
    scope = within or page
    field = scope.get_by_role("combobox", name=label)
    field.click()
    field.fill(text)
    option = page.locator(".ts-dropdown .option", has_text=text).first
    option.wait_for(state="visible", timeout=10_000)
    option.click()

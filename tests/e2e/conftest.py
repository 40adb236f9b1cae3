"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download is not used: the tests launch /usr/bin/chromium (or `chromium`
on PATH), and test_flows.py is skipped when there is none.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command

from .helpers import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, watch_csp

# What the Content-Security-Policy refused during the current test, on any of its browser contexts.
CSP_VIOLATIONS: list[str] = []


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One chromium per module, so Playwright's event loop does not outlive the browser tests."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the main thread, where the ORM also runs. Only
    # while the browser is up: left in os.environ it would also reach `check --deploy` subprocesses
    # started by other tests (async.E001).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        if "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ:
            patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        new_context = browser.new_context

        def watched_context(**options):
            context = new_context(**options)
            watch_csp(context, CSP_VIOLATIONS)
            return context

        # Every context a test opens (conftest's `page` and the tests' own) is watched.
        patch.setattr(browser, "new_context", watched_context)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def e2e_settings(settings, tmp_path):
    # Plain static storage, so the live server serves Bootstrap and huanjie.css from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The real thing: imports run in a background thread and the page polls for progress.
    settings.MEMBER_IMPORT_IN_BACKGROUND = True
    settings.JOBS_BACKEND = "thread"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded sheets stay out of the project
    return settings


@pytest.fixture
def demo(transactional_db, e2e_settings, live_server):
    """The demo tree, roster and logins of `seed_demo`; returns the live server."""
    call_command("seed_demo", stdout=StringIO())
    return live_server


@pytest.fixture(autouse=True)
def no_csp_violation() -> Iterator[list[str]]:
    """Fails a browser test on whose pages the policy refused anything: a refused inline script or
    style attribute breaks a page silently. Set up first, so checked after the pages close."""
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    found = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)

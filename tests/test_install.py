"""Issue 13: reproducible installs. Hashed lock files from pyproject.toml, used by `make setup` and
the image; nothing the app does not use is installed at run time."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements.lock", "requirements-dev.lock", "requirements-build.lock")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: Development tools and their dependencies, never installed at run time.
NOT_AT_RUN_TIME = {"cn-sort", "numpy", "jieba", "setuptools", "pytest", "playwright"}


def _pins(lock: str) -> dict[str, tuple[str, list[str]]]:
    """name → (version, SHA-256 hashes), one entry per requirement of a pip-compile lock."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    pins = {}
    for block in re.split(r"\n(?=\S)", "\n".join(lines).replace("\\\n", " ")):
        if not block.strip():
            continue
        match = re.fullmatch(
            r"([A-Za-z0-9._-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)\s*", block
        )
        assert match, f"{lock}: not a pinned, hashed requirement: {block!r}"
        hashes = re.findall(r"[0-9a-f]{64}", match[3])
        pins[canonicalize_name(match[1])] = (match[2], hashes)
    return pins


def _names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_its_hashes(lock):
    assert _pins(lock)


def test_the_runtime_lock_has_what_the_app_needs_and_nothing_of_development():
    runtime = _pins("requirements.lock")
    assert _names(PYPROJECT["project"]["dependencies"]) <= set(runtime)
    assert not NOT_AT_RUN_TIME & set(runtime)
    assert not NOT_AT_RUN_TIME & _names(PYPROJECT["project"]["dependencies"])


def test_the_development_lock_pins_the_runtime_the_same_way():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: pin[0] for name, pin in runtime.items()} == {
        name: dev[name][0] for name in runtime if name in dev
    }
    assert set(runtime) <= set(dev)
    assert _names(PYPROJECT["project"]["optional-dependencies"]["test"]) <= set(dev)
    assert "cn-sort" in dev


def test_the_build_lock_has_the_setuptools_the_xstatic_sdist_builds_with():
    (build,) = [r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    version, _ = _pins("requirements-build.lock")["setuptools"]
    assert Version(version) in Requirement(build).specifier
    assert Version(version) < Version("81")


def test_setup_and_the_image_install_from_the_locks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "install -q --require-hashes -r requirements-dev.lock" in makefile
    assert "install -q --no-deps -e ." in makefile
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert "--no-deps" in dockerfile
    assert "/wheelhouse/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_installed_apps_that_only_add_template_tags_are_used():
    """django.contrib.humanize was installed and never loaded."""
    tags = {"django.contrib.humanize": "humanize", "crispy_forms": "crispy_forms_tags"}
    templates = [p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.html")]
    for app, library in tags.items():
        if app in settings.INSTALLED_APPS:
            assert any(re.search(rf"{{% load [^%]*\b{library}\b", t) for t in templates), app


def test_front_end_packages_come_from_the_npm_lock_never_committed():
    """Issue 14: ECharts from the npm registry, exactly as package-lock.json pins it (version and
    integrity hash), installed by `npm ci` in `make setup` and in the image's build stage, copied
    into static/vendor/, which git does not hold."""
    import json

    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages["node_modules/echarts"]["version"] == wanted["echarts"]
    for name, entry in packages.items():
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]+=*", entry["integrity"]), name
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "npm ci --ignore-scripts" in makefile
    assert re.search(r"^setup:.*\bassets\b", makefile, re.MULTILINE)
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "npm ci --ignore-scripts" in dockerfile
    assert "echarts.min.js" in dockerfile.split("collectstatic")[0]
    assert "tom-select.complete.min.js" in dockerfile.split("collectstatic")[0]
    # The minified files name their source maps, which the manifest storage then requires.
    assert "tom-select.complete.min.js.map" in dockerfile.split("collectstatic")[0]
    assert "tom-select.complete.min.js.map" in makefile
    assert packages["node_modules/tom-select"]["version"] == wanted["tom-select"]
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/node_modules/", "/static/vendor/"} <= set(ignored)

"""System checks: Chinese PDFs need a CJK font that WeasyPrint (through fontconfig) can find."""

from __future__ import annotations

import shutil
import subprocess

from django.conf import settings
from django.core import checks


def cjk_font_families() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(  # noqa: S603 - fixed argument list, no user input
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


@checks.register(checks.Tags.compatibility, deploy=False)
def check_cjk_font(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if cjk_font_families():
        return []
    return [
        checks.Warning(
            "No CJK font found: Chinese text in generated PDFs would print as empty boxes.",
            hint="Install one, e.g. `apt-get install fonts-noto-cjk` (Debian/Ubuntu), then "
            "`fc-cache -f`; `fc-list :lang=zh` must list it.",
            id="huanjie.W001",
        )
    ]


@checks.register(checks.Tags.security)
def check_secret_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Production (DEBUG off) with the development secret or .env.example's placeholder: a
    warning for every command (an error would stop makemigrations and other tools that need no
    secret); config/wsgi.py refuses to serve, and `check --deploy --fail-level WARNING` fails."""
    if settings.DEBUG or not settings.SECRET_KEY_IS_PLACEHOLDER:
        return []
    return [
        checks.Warning(
            "DEBUG=false requires a real SECRET_KEY in the environment: the server will not start.",
            hint="Set SECRET_KEY (and DEBUG=true only for development).",
            id="huanjie.W002",
        )
    ]

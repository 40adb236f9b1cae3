"""Settings as a fresh process reads them from its environment (config/settings.py reads the
environment once, when it is imported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def settings_with(expression: str, **environment: str) -> Any:
    """The JSON value of `expression` (Python over `settings`) in a new process whose environment
    adds `environment` to this one's."""
    code = f"import json; from django.conf import settings; print(json.dumps({expression}))"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        **environment,
    }
    out = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])

"""Which files of the repository go into the image: .dockerignore read as Docker reads it.

A pattern is matched from the root of the build context (`*` and `?` never cross a `/`, `**`
matches any number of folders), a pattern that matches a folder excludes everything in it, a
pattern starting with `!` takes files back in (not inside an excluded folder here), and the
last matching pattern decides.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path


def _regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + pattern[i : end + 1], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + "(?:/.*)?")


def read_patterns(path: Path) -> list[tuple[bool, re.Pattern[str]]]:
    """(excludes, regex) for each pattern line, in order."""
    patterns = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        line = line.removeprefix("!").strip().strip("/")
        patterns.append((not negated, _regex(os.path.normpath(line))))
    return patterns


def is_excluded(relative: str, patterns: list[tuple[bool, re.Pattern[str]]]) -> bool:
    excluded = False
    for excludes, regex in patterns:
        if regex.fullmatch(relative):
            excluded = excludes
    return excluded


def context_files(root: Path) -> Iterator[str]:
    """The paths (relative, with /) that `COPY . .` would copy from root."""
    patterns = read_patterns(root / ".dockerignore")
    for folder, dirs, files in os.walk(root):
        base = Path(folder).relative_to(root)
        # An excluded folder is skipped whole: a `!` pattern taking back a file inside an excluded
        # folder (which Docker allows) is not supported, and .dockerignore has none.
        dirs[:] = [d for d in dirs if not is_excluded((base / d).as_posix(), patterns)]
        for name in files:
            relative = (base / name).as_posix()
            if not is_excluded(relative, patterns):
                yield relative

#!/usr/bin/env python3
"""Write elections/domain/stroke_ranks.json, the stroke-order table of ballot order (R7), from the
installed cn-sort package; `--check` only compares (exit status 1 when they differ).

cn-sort is a development dependency: at run time the app reads the vendored file, so numpy and
jieba (cn-sort's own dependencies) are not installed. Its data file, ``cn_sort/res/all_word.json``,
lists one entry per reading of a character; the field ``stroke_increment_level`` is the same for
every reading and increases by stroke count, then by the strokes in the order 横 竖 撇 点 折. The
file is read directly, without ``import cn_sort``, which configures the root logger and opens log
files in the working directory.

Usage: python scripts/stroke_ranks.py [--check]
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "elections" / "domain" / "stroke_ranks.json"


def from_cn_sort() -> str:
    """The vendored file's text as cn-sort's installed data gives it."""
    spec = importlib.util.find_spec("cn_sort")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cn-sort is not installed: pip install -r requirements-dev.lock")
    source = Path(next(iter(spec.submodule_search_locations)), "res", "all_word.json")
    with source.open(encoding="utf-8") as data:
        entries = json.load(data)["all_word"]
    ranks = {entry["chinese"]: entry["stroke_increment_level"] for entry in entries}
    ordered = dict(sorted(ranks.items(), key=lambda item: (item[1], item[0])))
    version = importlib.metadata.version("cn-sort")
    # One character a line, so a new cn-sort release shows as a readable diff.
    lines = [f"  {json.dumps(char, ensure_ascii=False)}: {rank}" for char, rank in ordered.items()]
    return (
        "{\n"
        f'"source": "cn-sort {version}, cn_sort/res/all_word.json, stroke_increment_level",\n'
        '"ranks": {\n' + ",\n".join(lines) + "\n}\n}\n"
    )


def main(argv: list[str]) -> int:
    text = from_cn_sort()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} differs from cn-sort's data: run python scripts/stroke_ranks.py")
            return 1
        print(f"{TARGET.name} matches cn-sort's data")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

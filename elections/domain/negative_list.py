"""The negative list (负面清单, "十不选") a candidate is checked against at vetting (R2).

Each item is ticked by the vetting superior when it has been checked and does not apply; an item
left unticked is a named failure, and nobody with a failure is approved. An organisation may
word its own list (``RuleSet.negative_list``); this is the default. The vetting record keeps
the wording that was in force (:func:`snapshot`).
"""

from __future__ import annotations

from collections.abc import Iterable

NEGATIVE_LIST: tuple[tuple[str, str], ...] = (
    ("politics", "政治上不合格，违背党的路线方针政策"),
    ("criminal", "受过刑事处罚，或正在接受立案审查调查"),
    ("discipline", "受到党纪处分、政务处分且影响期未满"),
    ("gangs", "涉黑涉恶，充当黑恶势力“保护伞”"),
    ("conduct", "道德品行不良，群众反映强烈"),
    ("duties", "不履行党员义务，长期不参加组织生活"),
    ("dues", "无正当理由拖欠党费"),
    ("religion", "参与邪教，利用宗教、宗族势力干扰选举"),
    ("bribery", "拉票贿选，破坏选举"),
    ("integrity", "违反廉洁纪律，侵占集体利益"),
)
CODES = tuple(code for code, _text in NEGATIVE_LIST)


def failures(checked: Iterable[str], items: Iterable[tuple[str, str]] = NEGATIVE_LIST) -> list[str]:
    """The items of ``items`` not ticked as checked-and-clear, in list order."""
    done = set(checked)
    return [text for code, text in items if code not in done]


def snapshot(
    checked: Iterable[str], items: Iterable[tuple[str, str]] = NEGATIVE_LIST
) -> list[dict[str, object]]:
    """Each item's wording and whether it was ticked, as the vetting record keeps them."""
    done = set(checked)
    return [{"code": code, "text": text, "checked": code in done} for code, text in items]

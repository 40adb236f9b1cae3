"""Finding members by what people type, on indexed columns only (issue 16: 3 million members).

- Letters: the pinyin initials of the name, by prefix ("zs" finds 张三; "sxx" and "dxx" both
  find 单雄信): `MemberNameKey`, one row per reading of the surname.
- Digits: the phone number, by prefix.
- Anything else: the name, by prefix ("张伟" finds 张伟 and 张伟民). A prefix uses the name's index
  where a `LIKE '%…%'` reads every row; `contains=True` (one branch's list, a few dozen rows)
  also finds the text inside a name.
"""

from __future__ import annotations

import re

from django.db.models import Q

from .models import MemberNameKey
from .names import MAX_KEY

LETTERS = re.compile(r"[A-Za-z]+")
PHONE = re.compile(r"[0-9+\-]+")


def member_search_q(text: str, *, contains: bool = False) -> Q:
    """The members `text` finds (see the module's doc); an empty text finds everyone."""
    text = "".join(text.split())
    if not text:
        return Q()
    if LETTERS.fullmatch(text):
        keys = MemberNameKey.objects.filter(key__startswith=text.lower()[:MAX_KEY])
        return Q(pk__in=keys.values("member_id"))
    if PHONE.fullmatch(text):
        return Q(phone__contains=text) if contains else Q(phone__startswith=text)
    return Q(name__contains=text) if contains else Q(name__startswith=text)

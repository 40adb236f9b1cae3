"""Synthetic members for the scale seeder (elections/scale.py, issue 16): realistic names (with
polyphonic and compound surnames), ages, education, statuses and rights, valid ID numbers, and
their search keys, written in bulk (branches/bulk.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import timedelta

from django.utils import timezone

from branches.bulk import copy_rows, reset_sequence

from .idcard import check_char
from .models import Member, MemberNameKey, name_order_key
from .names import initials_keys

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤单解查区仇"
)
COMPOUND = ("欧阳", "司马", "诸葛", "上官")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂兰华红雷建国文辉力斌波宇浩凯鹏飞海燕玲晶"
    "婷雪梅琳慧颖萍鑫瑞峰志宏春林立新晓东亮俊成光荣家庆佳琪欣悦子轩梓涵浩然思远嘉怡雨彤"
)
REGIONS = ("330102", "330106", "330108", "330109", "330110", "330122", "330127", "330182")
EDUCATION = (
    ("postgraduate", 8),
    ("bachelor", 42),
    ("college", 25),
    ("secondary", 8),
    ("high_school", 9),
    ("junior", 8),
)


def _weighted(choices: Sequence[tuple[str, int]]) -> list[str]:
    return [value for value, weight in choices for _ in range(weight)]


def write_members(branch_ids: list[int], total: int, rng: random.Random) -> int:
    """`total` members spread unevenly over the branches (5 to 60 each on average 30)."""
    weights = [0.2 + rng.random() * 1.8 for _ in branch_ids]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    for i in range(total - sum(sizes)):
        sizes[i % len(sizes)] += 1
    first_id = (Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    today = timezone.localdate()
    now = timezone.now()
    education = _weighted(EDUCATION)
    names: dict[str, tuple[str, list[str]]] = {}
    numbers: dict[tuple[str, int], int] = {}
    keys: list[tuple[int, str]] = []

    def name() -> str:
        surname = COMPOUND[rng.randrange(4)] if rng.random() < 0.01 else rng.choice(SURNAMES)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        return surname + given

    def rows() -> Iterator[tuple]:
        pk = first_id
        for branch_id, size in zip(branch_ids, sizes, strict=True):
            for _ in range(size):
                full_name = name()
                order, name_keys = names.get(full_name) or names.setdefault(
                    full_name, (name_order_key(full_name), initials_keys(full_name))
                )
                keys.extend((pk, key) for key in name_keys)
                day = rng.randrange(365 * 20, 365 * 70)
                birth = today - timedelta(days=day)
                region = REGIONS[rng.randrange(len(REGIONS))]
                seq = numbers[region, day] = numbers.get((region, day), -1) + 1
                first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
                probationary = rng.random() < 0.04
                joined = (
                    today - timedelta(days=rng.randrange(30, 330))
                    if probationary
                    else (
                        birth
                        + timedelta(days=rng.randrange(365 * 18, max(365 * 18 + 1, day - 400)))
                    )
                )
                roll = rng.random()
                rights = "normal"
                until = None
                if roll < 0.002:
                    rights, until = (
                        "party_probation",
                        today + timedelta(days=rng.randrange(30, 700)),
                    )
                elif roll < 0.003:
                    rights = "detained"
                elif roll < 0.0035:
                    rights = "arrested"
                yield (
                    pk,
                    full_name,
                    order,
                    "male" if rng.random() < 0.72 else "female",
                    "汉族",
                    birth,
                    education[rng.randrange(len(education))],
                    f"1{rng.randrange(30, 99)}{pk % 10**8:08d}",
                    first17 + check_char(first17),
                    joined,
                    None if probationary else joined + timedelta(days=365),
                    "probationary" if probationary else "full",
                    rights,
                    until,
                    branch_id,
                    now,
                    now,
                )
                pk += 1

    count = copy_rows(
        "members_member",
        (
            "id",
            "name",
            "name_order",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "phone",
            "id_number",
            "joined_on",
            "full_member_on",
            "status",
            "rights",
            "party_probation_until",
            "branch_id",
            "created_at",
            "updated_at",
        ),
        rows(),
    )
    reset_sequence(Member)
    copy_rows("members_membernamekey", ("member_id", "key"), keys)
    reset_sequence(MemberNameKey)
    return count

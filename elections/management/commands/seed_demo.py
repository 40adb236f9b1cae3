"""python manage.py seed_demo [--if-empty] — a realistic demo tree, roster and one user per role.

Idempotent: organisations, members and users are keyed by code, ID number and username, and the same
random seed gives the same people, so running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from branches.models import Organisation, OrganisationKind, Post, Role, RoleKind, Term, TermPost
from elections import domain
from elections.demo import seed_renewals
from elections.demo_bodies import seed_body_renewals
from elections.demo_campaign import seed_campaign
from elections.demo_congress import seed_congress
from members.idcard import make_id_number
from members.models import Education, Gender, Member, MemberStatus, RightsStatus

DEMO_PASSWORD = "huanjie-demo"  # noqa: S105 - printed demo logins
USERS = [
    ("admin", "系统管理员", None, None),
    ("zuzhi", "王组织员", RoleKind.STAFF, "QW"),
    ("shuji", "李书记", RoleKind.SECRETARY, "JG-01"),
    ("shenpi", "张审批", RoleKind.APPROVER, "JG"),
    ("chakan", "赵只读", RoleKind.VIEWER, "QS"),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建军志强海燕红梅玉兰春梅"
    "立新文博思远晓东晓燕子涵雨桐浩然欣怡宇航嘉怡俊杰佳琪"
)
ETHNIC = ["汉族"] * 18 + ["回族", "满族", "壮族", "蒙古族"]

# (code, name, category, members, days from today to the end of the open term)
ORGAN_BRANCHES = [
    ("JG-01", "办公室党支部", "organ", 24, -40),
    ("JG-02", "组织人事处党支部", "organ", 16, 25),
    ("JG-03", "财务审计处党支部", "organ", 11, 70),
    ("JG-04", "政策法规处党支部", "organ", 9, 400),
    ("JG-05", "信息中心党支部", "institution", 14, 160),
    ("JG-06", "机关服务中心党支部", "institution", 19, -120),
    ("JG-07", "第一中学党支部", "school", 38, 85),
    ("JG-08", "离退休干部党支部", "retired", 27, 720),
    ("JG-09", "城投公司党支部", "enterprise", 35, 300),
    ("JG-10", "档案馆党支部", "institution", 6, 40),  # fewer than 7 full members
]
GENERAL_BRANCH_CHILDREN = [
    ("JG-11", "第一中学高中部党支部", "school", 13, 500),
    ("JG-12", "第一中学初中部党支部", "school", 12, 10),
]
TOWN_BRANCHES = [
    ("QS-01", "青山村党支部", "village", 36, 45),
    ("QS-02", "滨河社区党支部", "community", 23, 900),
]


class Command(BaseCommand):
    help = "生成演示数据：组织树、几百名党员、届次和每种角色的一个用户（可重复运行）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有党组织时不做任何修改，只打印登录信息",
        )
        parser.add_argument(
            "--without-renewals",
            action="store_true",
            help="只生成组织树、党员和用户，不生成各阶段的演示换届（make cluster-check 用）",
        )

    def handle(
        self, *args, if_empty: bool = False, without_renewals: bool = False, **options
    ) -> None:
        if if_empty and Organisation.objects.exists():
            self.stdout.write("数据库已有数据，跳过演示数据。")
        else:
            with transaction.atomic():
                self._seed(renewals=not without_renewals)
            self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, name, role, code in USERS:
            where = f"{RoleKind(role).label} @ {code}" if role else "超级用户（管理后台）"
            self.stdout.write(f"  {username:<8} {name}  {where}")

    def _org(self, code: str, name: str, kind: str, parent=None, category: str = ""):
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            org = Organisation(code=code, name=name, kind=kind, parent=parent, category=category)
            org.save()
        return org

    def _seed(self, *, renewals: bool = True) -> None:
        today = timezone.localdate()
        root = self._org("QW", "中共示范区委员会", OrganisationKind.COMMITTEE)
        organs = self._org("JG", "区直机关党委", OrganisationKind.COMMITTEE, root)
        school = self._org("JG-ZZ", "第一中学党总支", OrganisationKind.GENERAL_BRANCH, organs)
        town = self._org("QS", "青山镇党委", OrganisationKind.COMMITTEE, root)
        plan = [(organs, spec) for spec in ORGAN_BRANCHES]
        plan += [(school, spec) for spec in GENERAL_BRANCH_CHILDREN]
        plan += [(town, spec) for spec in TOWN_BRANCHES]
        sequence = 0
        for parent, (code, name, category, size, due_in) in plan:
            branch = self._org(code, name, OrganisationKind.BRANCH, parent, category)
            # One generator per branch, so what one branch draws never shifts another's people.
            rng = random.Random(f"huanjie-demo-{code}")
            people = []
            for index in range(size):
                sequence += 1
                people.append(self._member(rng, branch, sequence, index, size, today))
            self._terms(random.Random(code), branch, people, today + timedelta(days=due_in))
        self._users()
        if renewals:
            seed_renewals()
            User = get_user_model()
            seed_body_renewals(
                staff=User.objects.get(username="zuzhi"),
                # 区直机关党委 approves its general branch; the district committee the town.
                approvers={
                    "JG-ZZ": User.objects.get(username="shenpi"),
                    "QS": User.objects.get(username="admin"),
                },
            )
            # 区直机关党委 renews by a delegates' congress; the district committee approves.
            seed_congress(
                staff=User.objects.get(username="zuzhi"),
                approver=User.objects.get(username="admin"),
            )
            # 区直机关党委's campaign over its branches, on one timetable.
            seed_campaign(
                staff=User.objects.get(username="zuzhi"),
                approver=User.objects.get(username="shenpi"),
            )

    def _member(self, rng, branch, sequence: int, index: int, size: int, today: date) -> Member:
        birth = date(
            rng.randint(1950 if branch.category == "retired" else 1965, 2001),
            rng.randint(1, 12),
            rng.randint(1, 28),
        )
        if branch.category == "retired":
            birth = birth.replace(year=min(birth.year, 1962))
        id_number = make_id_number(
            rng.choice(["110105", "320102", "510104", "440305"]), birth, sequence
        )
        # Full members completed their year of probation before today.
        joined = min(
            birth.replace(year=birth.year + rng.randint(19, 35)), today - timedelta(days=400)
        )
        # Probationary members are recent; small branches (<7 full) keep some to show R3.
        probationary = rng.random() < 0.08 or (branch.code == "JG-10" and index >= 4)
        if probationary:
            joined = today - timedelta(days=rng.randint(30, 300))
        full_on = None if probationary else joined + timedelta(days=365)
        rights, until = RightsStatus.NORMAL, None
        if branch.code == "JG-06" and index == 3:
            rights, until = RightsStatus.PARTY_PROBATION, today + timedelta(days=200)
        if branch.code == "QS-01" and index == 5:
            rights = RightsStatus.DETAINED
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        defaults = {
            "name": name,
            "gender": rng.choice([Gender.MALE, Gender.FEMALE]),
            "ethnicity": rng.choice(ETHNIC),
            "birth_date": birth,
            "education": rng.choice(Education.values),
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            "joined_on": joined,
            "full_member_on": full_on,
            "status": MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
            "rights": rights,
            "party_probation_until": until,
            "branch": branch,
        }
        member, _created = Member.objects.get_or_create(id_number=id_number, defaults=defaults)
        return member

    def _terms(self, rng, branch, people, planned_end: date) -> None:
        if branch.terms.exists():
            return
        years = domain.RuleSet().term_years_for(branch.category)
        start = domain.add_years(planned_end, -years)
        previous_start = domain.add_years(start, -years)
        full = [m for m in people if m.status == MemberStatus.FULL]
        posts = (
            [Post.SECRETARY, Post.DEPUTY, Post.ORGANISATION, Post.PUBLICITY, Post.DISCIPLINE]
            if len(full) >= 7
            else [Post.SECRETARY]
        )
        number = rng.randint(3, 9)
        old = Term.objects.create(
            organisation=branch,
            number=number - 1,
            start_date=previous_start,
            planned_end=start,
            actual_end=start,
        )
        current = Term.objects.create(
            organisation=branch, number=number, start_date=start, planned_end=planned_end
        )
        for term in (old, current):
            # Office holders were full members when the term began.
            eligible = [m for m in full if m.full_member_on <= term.start_date] or full
            chosen = rng.sample(eligible, min(len(posts), len(eligible)))
            TermPost.objects.bulk_create(
                TermPost(term=term, post=post, member=m, person_name=m.name)
                for post, m in zip(posts, chosen, strict=False)
            )

    def _users(self) -> None:
        User = get_user_model()
        for username, name, role, code in USERS:
            user, _created = User.objects.get_or_create(username=username)
            user.first_name = name
            user.is_superuser = user.is_staff = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role:
                Role.objects.get_or_create(
                    user=user, organisation=Organisation.objects.get(code=code), role=role
                )

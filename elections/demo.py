"""Demo renewals sitting in each phase of part 1, made through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches.models import Organisation

from . import candidates, negative_list, publicity, services
from .models import Phase

REPORT = (
    "一年来，支部委员会在上级党委的领导下，认真学习贯彻党的路线方针政策，"
    "严格落实“三会一课”制度，按期完成党员发展和党费收缴工作。"
)


def seed_renewals() -> None:
    User = get_user_model()
    staff = User.objects.get(username="zuzhi")
    approver = User.objects.get(username="shenpi")
    today = timezone.localdate()
    plans = {"JG-06": Phase.PREPARE, "JG-01": "submitted", "JG-02": Phase.RECOMMEND,
             "JG-07": Phase.VET, "JG-03": Phase.PUBLICISE}  # fmt: skip
    for code, target in plans.items():
        branch = Organisation.objects.get(code=code)
        if branch.renewals.exists():
            continue
        renewal = services.renewal_open(actor=staff, branch=branch)
        if target == Phase.PREPARE:
            continue
        renewal = services.renewal_update_plan(
            actor=staff,
            renewal=renewal,
            seats=5,
            elect_deputy=True,
            posts=["organisation", "publicity", "discipline"],
            meeting_date=today + timedelta(days=30),
            meeting_place="机关办公楼三楼会议室",
            work_report=REPORT,
        )
        members = list(branch.members.filter(status="full").order_by("pk"))
        if code == "JG-01":
            exclusion = services.exclusion_add(
                actor=staff, renewal=renewal, member=members[-1], reason="abroad_self_funded",
                note="2026年3月起自费出国探亲，预计一年",
            )  # fmt: skip
            services.exclusion_decide(actor=approver, exclusion=exclusion, approve=True)
        renewal = services.renewal_submit_request(actor=staff, renewal=renewal)
        if target == "submitted":
            continue
        renewal = services.renewal_approve_request(actor=approver, renewal=renewal)
        expected = services.census(renewal)["expected"]
        present = expected - 1
        candidates.recommendation_record(
            actor=staff, renewal=renewal, held_on=today, expected=expected, present=present,
            ballots=present,
        )  # fmt: skip
        seniors = [m for m in members if m.party_age(today) >= 1]
        for index, member in enumerate(seniors[:8]):
            votes = max(present - index // 2, 0)
            candidates.nominee_save(
                actor=staff, renewal=renewal, member=member, source="members", votes=votes
            )
        candidates.list_apply_proposal(actor=staff, renewal=renewal)
        if target == Phase.RECOMMEND:
            continue
        renewal = candidates.renewal_submit_list(actor=staff, renewal=renewal)
        listed = list(renewal.nominees.filter(on_list=True))
        reviewed = listed[:2] if target == Phase.VET else listed
        for nominee in reviewed:
            candidates.nominee_review(
                actor=approver,
                nominee=nominee,
                negative_list_checked=list(negative_list.CODES),
                negative_list_failures="",
                inspection_notes="政治坚定，工作扎实，群众公认。",
                discipline_opinion="经核查，未发现违纪违法问题。",
                approved=True,
                pledge=SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4\n% demo pledge\n"),
            )
        if target == Phase.VET:
            continue
        renewal = candidates.renewal_approve_list(actor=approver, renewal=renewal)
        renewal = publicity.notice_publish(actor=staff, renewal=renewal, start=today)
        publicity.objection_submit(
            renewal=renewal,
            nominee=renewal.nominees.filter(approved=True).first(),
            text="建议核实该同志近期参加组织生活的情况。",
            address="demo",
        )

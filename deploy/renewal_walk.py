"""A whole renewal walked through nginx by two people, for `make cluster-check` (deploy/cluster.py).

王组织员 (zuzhi) does the branch's work for 信息中心党支部 (JG-05, which has no demo renewal) and
张审批 (shenpi) approves, as in tests/e2e/test_renewal_flow.py, but with plain HTTP and forms
filled in from the pages (deploy/client.py), from the roster import to the sealed archive. Each
request goes to the next app node in turn; the steps that must be seen from another node than the
one that did them (an import's progress, an uploaded file, a document, the archive) say so.

Only time is not waited for: the end of the public notice and the days between the meeting notice
and the meeting are moved into the past with the demo's own walks (elections/demo.py), through
the ORM of this process, which the caller set up on the cluster's database.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
from datetime import date, timedelta
from typing import Any

from deploy.client import Client, Page
from deploy.stack import require, step

BRANCH = "JG-05"  # 信息中心党支部: 14 full members, no renewal in the demo data
NOMINEES = 7  # for five seats, at least six candidates
PDF = b"%PDF-1.4\n% huanjie cluster-check\n"


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def on_another_node(client: Client, path: str, made_on: str) -> tuple[Any, bytes]:
    """GET `path` from the node that did not make it: one cheap page first when the turn would
    fall on `made_on` again (nginx takes the nodes in turn)."""
    if client.trail[-1][2] != made_on:  # the next request goes to made_on
        client.get("/accounts/login/")
    response, content = client.get(path)
    require(client.trail[-1][2] != made_on, f"{path} came from {made_on}, which made it")
    return response, content


class RenewalWalk:
    """The walk through nginx on `port`: a renewal of `branch`, the imported members' ID numbers
    drawn from `first_id` on (a branch and numbers the demo data leaves free)."""

    def __init__(self, port: int, *, branch: str = BRANCH, first_id: int = 901) -> None:
        self.code, self.first_id = branch, first_id
        self.trail: list[tuple[str, str, str]] = []
        self.staff = Client(port, self.trail)
        self.approver = Client(port, self.trail)
        self.pk = 0

    # --- helpers -------------------------------------------------------------------------------
    def detail(self, client: Client) -> Page:
        return client.page(f"/renewals/{self.pk}/")

    def transition(self, client: Client, name: str, expect: str) -> Page:
        page = self.detail(client)
        done = client.submit(page.form(f"/renewals/{self.pk}/do/{name}/"))
        require(expect in done.text, f"{name}: {expect!r} not on the page")
        step(f"{name} on {client.trail[-2][2]}")
        return done

    # --- the walk ------------------------------------------------------------------------------
    def run(self) -> None:
        from branches.models import Organisation
        from elections.management.commands.seed_demo import DEMO_PASSWORD as PASSWORD

        self.branch = Organisation.objects.get(code=self.code)
        self.staff.login("zuzhi", PASSWORD)
        self.approver.login("shenpi", PASSWORD)
        self.import_members()
        self.prepare()
        self.recommend()
        self.vet()
        self.publicise()
        self.meeting()
        self.vote()
        self.approve_and_archive()
        self.check_turns()

    def import_members(self) -> None:
        """Three new members by a roster import; its progress is polled on the other node."""
        from openpyxl import load_workbook

        from members.idcard import make_id_number

        client = self.staff
        _, template = client.get("/members/import/template.xlsx")
        book = load_workbook(io.BytesIO(template))
        sheet = book.active
        headers = [str(cell.value).rstrip("*") for cell in sheet[1]]
        people = [("欧阳明远", "男", date(1985, 3, 12)), ("司马晓雨", "女", date(1990, 11, 5)),
                  ("诸葛文博", "男", date(1978, 2, 20))]  # fmt: skip
        for number, (name, gender, birth) in enumerate(people, start=2):
            row = {"姓名": name, "性别": gender, "出生日期": birth,
                   "身份证号": make_id_number("110105", birth, self.first_id + number),
                   "入党日期": date(birth.year + 25, 7, 1),
                   "转正日期": date(birth.year + 26, 7, 1), "党员类别": "正式党员"}  # fmt: skip
            for column, header in enumerate(headers, start=1):
                sheet.cell(row=number, column=column, value=row.get(header))
        upload = io.BytesIO()
        book.save(upload)
        page = client.page(f"/members/import/?org={self.branch.pk}")
        form = page.form("/members/import/")
        sheet_file = ("三名党员.xlsx", upload.getvalue(), "application/octet-stream")
        response, _ = client.post(form, {"organisation": str(self.branch.pk), "file": sheet_file})
        require(response.status == 302, f"import upload: {response.status}")
        uploaded_on = client.trail[-1][2]
        job = re.search(r"/members/import/(\d+)/", response.getheader("Location", ""))
        require(job, response.getheader("Location"))
        status_path = f"/members/import/{job.group(1)}/status/"
        polls: list[tuple[str, dict]] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            _, body = client.get(status_path)
            polls.append((client.trail[-1][2], json.loads(body)))
            if polls[-1][1]["finished"]:
                break
            time.sleep(0.2)
        status = polls[-1][1]
        require(status["status"] == "done", status)
        require("新增 3 人" in status["message"], status["message"])
        require(polls[0][0] != uploaded_on, "the first poll went to the node that took the upload")
        nodes = sorted({node for node, _ in polls})
        step(f"import uploaded on {uploaded_on}, progress polled on {', '.join(nodes)}: done")

    def prepare(self) -> None:
        client = self.staff
        branch_page = client.page(f"/organisations/{self.branch.pk}/")
        page = client.submit(branch_page.form(f"/renewals/start/{self.branch.pk}/"))
        found = re.search(r"/renewals/(\d+)/$", page.url)
        require(found, page.url)
        self.pk = int(found.group(1))
        # The plan, with the previous committee's work report as an attachment (a PDF).
        plan = page.form(f"/renewals/{self.pk}/plan/")
        page = client.submit(
            plan,
            {
                "seats": "5",
                "elect_deputy": "on",
                "posts": ["organisation", "publicity", "discipline"],
                "meeting_date": f"{today() + timedelta(days=30):%Y-%m-%d}",
                "meeting_place": "信息中心二楼会议室",
                "work_report": "一年来，支部委员会认真落实“三会一课”制度。",
                "work_report_file": ("工作报告.pdf", PDF, "application/pdf"),
            },
        )
        uploaded_on = client.trail[-2][2]
        _, report = on_another_node(client, f"/renewals/{self.pk}/report/", uploaded_on)
        require(report == PDF, "the work report came back changed")
        step(f"renewal {self.pk} started, plan saved with a report uploaded on {uploaded_on}, "
             f"downloaded from {client.trail[-1][2]}")  # fmt: skip
        # The request's button sends the plan form (form="plan-form").
        done = client.submit(
            page.form(f"/renewals/{self.pk}/plan/"), button=("then", "submit_request")
        )
        require("提交换届请示" in done.text, "submit_request")
        self.download_document(client, "换届请示", client.trail[-2][2])
        self.transition(self.approver, "approve_request", "批复同意换届")

    def download_document(self, client: Client, label: str, made_on: str) -> None:
        """The renewal's document `label`, from another node than the one that made it."""
        page = self.detail(client)
        link = re.search(rf'href="(/renewals/{self.pk}/documents/\d+/)">{label}[^<]*<', page.text)
        require(link, f"no {label} among the documents")
        response, pdf = on_another_node(client, link.group(1), made_on)
        require(response.getheader("Content-Type") == "application/pdf", response.headers)
        require(pdf.startswith(b"%PDF"), pdf[:20])
        step(f"{label}: a PDF of {len(pdf)} bytes made on {made_on}, "
             f"downloaded from {client.trail[-1][2]}")  # fmt: skip

    def recommend(self) -> None:
        from members.models import Member

        client = self.staff
        page = self.detail(client)
        expected = int(re.search(r"应到会 <strong>(\d+)</strong>", page.text).group(1))
        page = client.submit(
            page.form(f"/renewals/{self.pk}/recommendation/"),
            {"held_on": f"{today():%Y-%m-%d}", "expected": str(expected),
             "present": str(expected - 1), "ballots": str(expected - 1)},
        )  # fmt: skip
        form = page.form(f"/renewals/{self.pk}/nominees/")
        # Members who may stand (a year of Party age at least), recommended by all present.
        full = Member.objects.filter(branch=self.branch, status="full").order_by("pk")
        chosen = [m for m in full if m.party_age(today()) >= 1][:NOMINEES]
        people = [str(m.pk) for m in chosen]
        for member in chosen:  # typed into the member picker, as a secretary does
            offered = client.pick(form, "member", member.name)
            require(str(member.pk) in offered, f"the picker does not offer {member.name}")
        for member in people:
            page = client.submit(
                page.form(f"/renewals/{self.pk}/nominees/"),
                {"member": member, "source": "members", "votes": str(expected - 1)},
            )
        page = client.submit(page.form(f"/renewals/{self.pk}/nominees/propose/"))
        self.transition(client, "submit_list", "报送候选人初步人选")

    def vet(self) -> None:
        client = self.approver
        page = self.detail(client)
        reviews = [f for f in page.forms() if re.search(r"/nominees/\d+/review/$", f.action)]
        require(len(reviews) >= 6, f"{len(reviews)} nominees to review")
        for number in range(len(reviews)):
            form = [f for f in page.forms() if re.search(r"/nominees/\d+/review/$", f.action)]
            form = form[number]
            values = {
                form.name("negative_list_checked"): form.choices("negative_list_checked"),
                form.name("inspection_notes"): "政治坚定，工作扎实，群众公认。",
                form.name("discipline_opinion"): "经核查，未发现违纪违法问题。",
                form.name("pledge"): ("承诺书.pdf", PDF, "application/pdf"),
                form.name("approved"): "on",
            }
            page = client.submit(form, values)
        pledge = re.search(rf'href="(/renewals/{self.pk}/nominees/\d+/pledge/)"', page.text)
        require(pledge, "no pledge to download")
        _, content = on_another_node(client, pledge.group(1), client.trail[-2][2])
        require(content == PDF, "a pledge came back changed")
        step(f"{len(reviews)} nominees vetted, pledges uploaded; one downloaded from "
             f"{client.trail[-1][2]}")  # fmt: skip
        self.transition(client, "approve_list", "同意候选人预备人选")

    def publicise(self) -> None:
        from elections import demo
        from elections.models import Renewal

        client = self.staff
        client.submit(
            self.detail(client).form(f"/renewals/{self.pk}/notice/"),
            {"start": f"{today():%Y-%m-%d}", **demo.NOTICE_CONTACT},
        )
        self.download_document(client, "候选人预备人选公示", client.trail[-2][2])
        renewal = Renewal.objects.get(pk=self.pk)
        notice = renewal.notices.get()
        demo.backdate_notice(renewal, (notice.end - today()).days + 1)
        self.transition(client, "finish_notice", "公示结束")

    def renewal(self) -> Any:
        from elections.models import Renewal

        return Renewal.objects.get(pk=self.pk)

    def meeting(self) -> None:
        """The members' meeting prepared: its day, the notice, the formal candidates, scrutineers
        and counters, the method adopted; then moved to today as if its notice had run."""
        from elections import demo

        client, renewal = self.staff, self.renewal()
        days = renewal.ruleset().meeting_notice_days
        page = client.submit(
            self.detail(client).form(f"/renewals/{self.pk}/meeting/members/edit/"),
            {"held_on": f"{today() + timedelta(days=days):%Y-%m-%d}", "place": "二楼会议室",
             "chair": "上届支部书记", "agenda": "一、听取工作报告\n二、选举新一届支部委员会"},
        )  # fmt: skip
        page = client.submit(page.form(f"/renewals/{self.pk}/meeting/notice/"))
        self.download_document(client, "关于召开党员大会的通知", client.trail[-2][2])
        page = client.submit(self.detail(client).form(f"/renewals/{self.pk}/meeting/candidates/"))
        standing = set(renewal.nominees.filter(formal=True).values_list("member_id", flat=True))
        staff = page.form(f"/renewals/{self.pk}/meeting/members/staff/")
        others = [pk for pk in staff.choices("scrutineers") if int(pk) not in standing]
        page = client.submit(staff, {"scrutineers": others[:2], "counters": others[2:4]})
        day = client.page(f"/renewals/{self.pk}/meeting/members/")
        client.submit(day.form(f"/renewals/{self.pk}/meeting/method/"))
        demo.meeting_today(renewal, notice_days=days)
        step(f"members' meeting prepared, notice issued, method adopted ({client.trail[-1][2]})")

    def attend(self, kind: str) -> None:
        """Everybody on the meeting's roll signs in, one request each."""
        client = self.staff
        day = client.page(f"/renewals/{self.pk}/meeting/{kind}/")
        roll = [f for f in day.forms() if f.action.endswith(f"/meeting/{kind}/attendance/")]
        for form in roll:
            response, _ = client.post(form)
            require(response.status == 302, f"attendance: {response.status}")
        step(f"{kind}: {len(roll)} signed in")

    def hold_round(self, kind: str, *, chosen: list[str] | None = None) -> None:
        """A round counted from totals: all present vote yes for the first `seats` names."""
        from elections.models import Round
        from elections.selectors.meeting import figures, meeting_of

        client = self.staff
        day = client.page(f"/renewals/{self.pk}/meeting/{kind}/")
        present = figures(meeting_of(self.renewal(), kind)).present
        values: dict[str, Any] = {"issued": str(present)}
        if chosen is not None:
            values["chosen"] = chosen
        page = client.submit(day.form(f"/renewals/{self.pk}/meeting/{kind}/rounds/"), values)
        round_pk = int(re.search(r"/rounds/(\d+)/$", page.url).group(1))
        round_ = Round.objects.get(pk=round_pk)
        page = client.submit(
            page.form(f"/rounds/{round_pk}/returned/"), {"returned": str(present), "mode": "totals"}
        )
        totals: dict[str, Any] = {"invalid": "0"}
        for index, _name in enumerate(round_.names):
            yes = present if index < round_.seats else 0
            totals |= {f"yes_{index}": str(yes), f"no_{index}": str(present - yes),
                       f"abstain_{index}": "0"}  # fmt: skip
        page = client.submit(page.form(f"/rounds/{round_pk}/totals/"), totals)
        close = page.form(f"/rounds/{round_pk}/close/")
        page = client.submit(close, {"confirmed_by": close.choices("confirmed_by")[0]})
        step(f"{kind}: {round_} counted and closed ({client.trail[-2][2]})")

    def vote(self) -> None:
        from elections.selectors.meeting import committee

        client = self.staff
        self.attend("members")
        self.hold_round("members")
        elected = committee(self.renewal())
        client.submit(
            self.detail(client).form(f"/renewals/{self.pk}/meeting/plenary/edit/"),
            {"held_on": f"{today():%Y-%m-%d}", "place": "二楼会议室", "chair": elected[0].name},
        )
        day = client.page(f"/renewals/{self.pk}/meeting/plenary/")
        client.submit(
            day.form(f"/renewals/{self.pk}/meeting/plenary/staff/"),
            {"scrutineers": [str(elected[-1].member_id)]},
        )
        self.attend("plenary")
        self.hold_round("plenary", chosen=[str(elected[0].member_id)])  # the secretary
        self.hold_round("plenary", chosen=[str(elected[1].member_id)])  # the deputy
        duties = self.detail(client).form(f"/renewals/{self.pk}/duties/")
        names = [n for n in duties.controls if n.startswith("duty_")]
        posts = ["organisation", "publicity", "discipline"]
        client.submit(duties, dict(zip(names, posts, strict=True)))
        self.transition(client, "submit_result", "报送选举结果报告")
        self.download_document(client, "选举结果报告", client.trail[-2][2])

    def approve_and_archive(self) -> None:
        from elections.selectors.archive import HANDOVER_ITEMS

        self.transition(self.approver, "approve_result", "批复选举结果")
        client = self.staff
        form = self.detail(client).form(f"/renewals/{self.pk}/archive/")
        values = {"summary": "本次换届严格按照《选举工作条例》进行，新一届支部委员会已顺利产生。"}
        for code, _label in HANDOVER_ITEMS:
            values |= {f"{code}_handed_by": "上届支部书记", f"{code}_received_by": "新任书记"}
        client.submit(form, values)
        page = self.transition(client, "seal", "封存归档")
        sealed_on = client.trail[-2][2]
        digest = re.search(r"SHA-256 ([0-9a-f]{64})", page.text)
        require(digest, "no archive digest on the sealed renewal")
        _, archive = on_another_node(client, f"/renewals/{self.pk}/archive.zip", sealed_on)
        require(hashlib.sha256(archive).hexdigest() == digest.group(1), "the archive's digest")
        renewal = self.renewal()
        require(renewal.sealed_at and renewal.archive_sha256 == digest.group(1), "not sealed")
        kinds = set(renewal.documents.values_list("kind", flat=True))
        require({"request_reply", "result_reply", "summary"} <= kinds, kinds)
        step(f"archive sealed on {sealed_on}, {len(archive)} bytes with the SHA-256 shown, "
             f"downloaded from {client.trail[-1][2]}")  # fmt: skip

    def check_turns(self) -> None:
        """Every request went to another node than the one before it; both users' sessions
        were served by both nodes."""
        nodes = [node for _, _, node in self.trail]
        require(all(nodes), "a response did not name its node")
        for (m1, p1, n1), (m2, p2, n2) in zip(self.trail, self.trail[1:], strict=False):
            require(n1 != n2, f"{m1} {p1} and then {m2} {p2} were both served by {n1}")
        for client in (self.staff, self.approver):
            require(len(set(client.own)) == 2, f"one session saw only {set(client.own)}")
        step(f"{len(nodes)} requests, each served by another node than the one before "
             f"({', '.join(f'{n}: {nodes.count(n)}' for n in sorted(set(nodes)))})")  # fmt: skip

"""Issue 11, item 12 and the vetting page: the negative list is worded per organisation and
inherited down the tree; the review keeps the wording in force; the vetting form keeps what was
typed, names the nominee whose form failed, ticks the whole list in one click and shows that a
pledge is required."""

from __future__ import annotations

import pytest
from django.urls import reverse

from elections import demo
from elections.domain.negative_list import CODES, NEGATIVE_LIST
from elections.selectors.rules import preset_values, rules_for
from elections.services.prepare import renewal_open
from elections.services.rules import rule_profile_save
from elections.services.vet import nominee_review
from tests.elections.rule_forms import profile_post

OWN_LIST = [["loyalty", "对党不忠诚"], ["laziness", "长期不参加组织生活"]]


def test_the_list_is_inherited_down_the_tree(users, tree):
    """A committee words its list; a branch below with its own profile but no list of its own
    inherits it; with no profile anywhere the default is "十不选"."""
    assert rules_for(tree["b1"]).negative_list == NEGATIVE_LIST
    rule_profile_save(actor=users["staff"], organisation=tree["a"], negative_list=OWN_LIST)
    rule_profile_save(actor=users["admin"], organisation=tree["b1"], quorum="lenient")
    rules = rules_for(tree["b1"])
    assert rules.quorum == "lenient"
    assert rules.negative_list == (("loyalty", "对党不忠诚"), ("laziness", "长期不参加组织生活"))
    assert rules_for(tree["b3"]).negative_list == NEGATIVE_LIST  # another committee


def test_staff_word_the_list_on_the_profile_page(client, users, tree):
    client.force_login(users["staff"])
    url = reverse("elections:rule_profile", args=[tree["a"].pk])
    page = client.get(url).content.decode()
    assert "目前执行的负面清单" in page
    assert NEGATIVE_LIST[0][1] in page
    data = profile_post(preset_values("organs"))
    data["negative_list"] = "对党不忠诚\n\n" + NEGATIVE_LIST[1][1] + "\n"
    assert client.post(url, data).status_code == 302
    items = rules_for(tree["b1"]).negative_list
    assert [text for _code, text in items] == ["对党不忠诚", NEGATIVE_LIST[1][1]]
    assert items[1][0] == NEGATIVE_LIST[1][0]  # the default wording keeps its code


@pytest.fixture
def own_list_vetting(users, big_branch):
    """A renewal under 机关党委's own negative list, its preliminary list in vetting."""
    rule_profile_save(actor=users["staff"], organisation=big_branch.parent, negative_list=OWN_LIST)
    renewal = renewal_open(actor=users["secretary"], branch=big_branch)
    renewal = demo.plan(renewal, actor=users["secretary"])
    renewal = demo.submit_request(renewal, actor=users["secretary"], approver=users["approver"])
    demo.hold_recommendation(renewal, actor=users["secretary"], votes=[8, 8, 7, 7, 6, 6])
    return demo.vet_list(renewal, actor=users["secretary"], approver=users["approver"], reviewed=0)


def test_the_review_keeps_the_wording_in_force(users, own_list_vetting):
    """Issue 11, item 12: the vetting record keeps the wording that was in force, not a
    reference to text that can be edited later."""
    renewal = own_list_vetting
    nominee = renewal.nominees.filter(on_list=True).first()
    with pytest.raises(Exception, match="负面清单中没有这些项"):
        nominee_review(
            actor=users["approver"], nominee=nominee, negative_list_checked=list(CODES),
            negative_list_failures="", inspection_notes="", discipline_opinion="",
            approved=False,
        )  # fmt: skip
    nominee_review(
        actor=users["approver"], nominee=nominee, negative_list_checked=["loyalty"],
        negative_list_failures="", inspection_notes="", discipline_opinion="", approved=False,
    )  # fmt: skip
    rule_profile_save(
        actor=users["staff"], organisation=renewal.branch.parent, negative_list=[["x", "改了"]]
    )
    nominee.refresh_from_db()
    assert nominee.negative_list_record == [
        {"code": "loyalty", "text": "对党不忠诚", "checked": True},
        {"code": "laziness", "text": "长期不参加组织生活", "checked": False},
    ]


def review_data(nominee, **fields):
    prefix = f"n{nominee.pk}"
    return {f"{prefix}-{key}": value for key, value in fields.items()}


def test_a_refused_review_keeps_what_was_typed(client, users, own_list_vetting):
    """The vetting page keeps every field after an error and names the nominee whose form
    failed (it used to redirect with "审查表填写有误" and lose everything typed)."""
    renewal = own_list_vetting
    nominee = renewal.nominees.filter(on_list=True).select_related("member").first()
    client.force_login(users["approver"])
    url = reverse("elections:nominee_review", args=[renewal.pk, nominee.pk])
    response = client.post(
        url,
        review_data(
            nominee,
            negative_list_checked=["loyalty"],
            inspection_notes="政治坚定，工作扎实，群众公认",
            discipline_opinion="经核查未发现问题",
            approved="on",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"对 {nominee.member.name} 的审查未保存" in page
    assert "政治坚定，工作扎实，群众公认" in page
    assert "经核查未发现问题" in page
    assert "长期不参加组织生活" in page  # the refusal names the unticked item
    nominee.refresh_from_db()
    assert not nominee.reviewed


def test_one_click_clears_the_whole_list(client, users, own_list_vetting):
    """ "核实无以上情形" ticks every item of the list in force for that nominee."""
    renewal = own_list_vetting
    nominee = renewal.nominees.filter(on_list=True).first()
    client.force_login(users["approver"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "核实无以上情形" in page
    assert "同意列为候选人预备人选的，须上传本人签字的承诺书" in page  # before saving
    response = client.post(
        reverse("elections:nominee_review", args=[renewal.pk, nominee.pk]),
        review_data(nominee, all_clear="on", discipline_opinion="无", approved="on"),
    )
    assert response.status_code == 302
    nominee.refresh_from_db()
    assert nominee.approved
    assert nominee.negative_list_checked == ["loyalty", "laziness"]

"""Enumerations shared by the rules: member standing, exclusions, branch categories, posts.

Codes are English; the ``label`` of each member is the Chinese term users see.
"""

from __future__ import annotations

from enum import StrEnum


class MemberStatus(StrEnum):
    """Full or probationary membership (R1)."""

    FULL = "full"
    PROBATIONARY = "probationary"

    @property
    def label(self) -> str:
        """The Chinese term."""
        return _MEMBER_STATUS_LABELS[self]


class RightsStatus(StrEnum):
    """Discipline or legal measures that take away or suspend a member's rights (R1)."""

    NORMAL = "normal"
    PARTY_PROBATION = "party_probation"
    DETAINED = "detained"
    ARRESTED = "arrested"

    @property
    def label(self) -> str:
        """The Chinese term."""
        return _RIGHTS_STATUS_LABELS[self]


class ExclusionReason(StrEnum):
    """Reasons that may take a member with voting rights out of the expected attendance (R4).

    ``SERVING_SENTENCE`` and ``EPIDEMIC`` apply only where the rule profile enables them.
    """

    ILLNESS = "illness"
    ABROAD_SELF_FUNDED = "abroad_self_funded"
    BEDRIDDEN = "bedridden"
    AWAY_UNMOVED = "away_unmoved"
    SERVING_SENTENCE = "serving_sentence"
    EPIDEMIC = "epidemic"

    @property
    def label(self) -> str:
        """The Chinese wording used in the attendance register."""
        return _EXCLUSION_LABELS[self]


class BranchCategory(StrEnum):
    """Kinds of branch; the term length is a setting per category."""

    ORGAN = "organ"
    INSTITUTION = "institution"
    ENTERPRISE = "enterprise"
    SCHOOL = "school"
    VILLAGE = "village"
    COMMUNITY = "community"
    SOCIAL = "social"
    RETIRED = "retired"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The Chinese term."""
        return _CATEGORY_LABELS[self]


class Post(StrEnum):
    """Posts on a branch committee (R3); ``MEMBER`` is a committee member without a named post;
    the last two are posts on a discipline inspection commission (纪律检查委员会)."""

    SECRETARY = "secretary"
    DEPUTY = "deputy"
    ORGANISATION = "organisation"
    PUBLICITY = "publicity"
    DISCIPLINE = "discipline"
    YOUTH = "youth"
    UNITED_FRONT = "united_front"
    MEMBER = "member"
    # The discipline inspection commission elected beside a general branch's or base
    # committee's committee: its secretary (elected at its first plenary) and its members.
    COMMISSION_SECRETARY = "commission_secretary"
    COMMISSION_MEMBER = "commission_member"

    @property
    def label(self) -> str:
        """The Chinese title."""
        return _POST_LABELS[self]


_MEMBER_STATUS_LABELS = {
    MemberStatus.FULL: "正式党员",
    MemberStatus.PROBATIONARY: "预备党员",
}

_RIGHTS_STATUS_LABELS = {
    RightsStatus.NORMAL: "正常",
    RightsStatus.PARTY_PROBATION: "留党察看",
    RightsStatus.DETAINED: "留置",
    RightsStatus.ARRESTED: "逮捕",
}

_EXCLUSION_LABELS = {
    ExclusionReason.ILLNESS: "因病不能表达本人意志",
    ExclusionReason.ABROAD_SELF_FUNDED: "自费出国（境）半年以上",
    ExclusionReason.BEDRIDDEN: "年老体弱卧床不起或长期患病生活不能自理",
    ExclusionReason.AWAY_UNMOVED: "工作调动、下派锻炼、外出学习或工作半年以上，未转移组织关系",
    ExclusionReason.SERVING_SENTENCE: "正在服刑，尚未受到党纪处分",
    ExclusionReason.EPIDEMIC: "受疫情防控措施限制不能参加，本人同意",
}

_CATEGORY_LABELS = {
    BranchCategory.ORGAN: "机关",
    BranchCategory.INSTITUTION: "事业单位",
    BranchCategory.ENTERPRISE: "企业",
    BranchCategory.SCHOOL: "学校",
    BranchCategory.VILLAGE: "农村",
    BranchCategory.COMMUNITY: "社区",
    BranchCategory.SOCIAL: "社会组织",
    BranchCategory.RETIRED: "离退休",
    BranchCategory.OTHER: "其他",
}

_POST_LABELS = {
    Post.SECRETARY: "书记",
    Post.DEPUTY: "副书记",
    Post.ORGANISATION: "组织委员",
    Post.PUBLICITY: "宣传委员",
    Post.DISCIPLINE: "纪检委员",
    Post.YOUTH: "青年委员",
    Post.UNITED_FRONT: "统战委员",
    Post.MEMBER: "委员",
    Post.COMMISSION_SECRETARY: "纪委书记",
    Post.COMMISSION_MEMBER: "纪委委员",
}

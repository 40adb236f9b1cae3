"""The renewal's models, one module per concern; the package exports every model (and what the
migrations name, such as `_token`)."""

from .candidates import NominationSource, Nominee, Objection, ObjectionStatus, WithdrawalKind
from .congress import Congress, Credential, Delegate, DelegateUnit
from .documents import (
    ISSUED_BY_SUPERIOR,
    NUMBERED_KINDS,
    DocumentCounter,
    DocumentKind,
    IssuedDocument,
    OrganisationDocumentSettings,
)
from .meeting import (
    BallotEntry,
    Body,
    Elected,
    EntryMode,
    Meeting,
    MeetingKind,
    Round,
    RoundKind,
    RoundStatus,
)
from .notices import Notice, NoticeKind
from .renewal import (
    PHASE_ORDER,
    PHONE_VALIDATOR,
    Exclusion,
    ExclusionStatus,
    Phase,
    Preset,
    Renewal,
    RuleProfile,
    _token,
    ruleset_from_json,
    ruleset_to_json,
)

__all__ = [
    "ISSUED_BY_SUPERIOR",
    "NUMBERED_KINDS",
    "PHASE_ORDER",
    "PHONE_VALIDATOR",
    "BallotEntry",
    "Body",
    "Congress",
    "Credential",
    "Delegate",
    "DelegateUnit",
    "DocumentCounter",
    "DocumentKind",
    "Elected",
    "EntryMode",
    "Exclusion",
    "ExclusionStatus",
    "IssuedDocument",
    "Meeting",
    "MeetingKind",
    "NominationSource",
    "Nominee",
    "Notice",
    "NoticeKind",
    "Objection",
    "ObjectionStatus",
    "OrganisationDocumentSettings",
    "Phase",
    "Preset",
    "Renewal",
    "Round",
    "RoundKind",
    "RoundStatus",
    "RuleProfile",
    "WithdrawalKind",
    "_token",
    "ruleset_from_json",
    "ruleset_to_json",
]

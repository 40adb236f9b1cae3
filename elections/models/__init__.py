"""The renewal's models, one module per concern; the package exports every model (and what the
migrations name, such as `_token`)."""

from .candidates import NominationSource, Nominee, Objection, ObjectionStatus
from .documents import DocumentKind, IssuedDocument
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
from .renewal import (
    PHASE_ORDER,
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
    "PHASE_ORDER",
    "BallotEntry",
    "Body",
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
    "Objection",
    "ObjectionStatus",
    "Phase",
    "Preset",
    "Renewal",
    "Round",
    "RoundKind",
    "RoundStatus",
    "RuleProfile",
    "_token",
    "ruleset_from_json",
    "ruleset_to_json",
]

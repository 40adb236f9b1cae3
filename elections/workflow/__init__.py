"""The phase machine of a renewal: the transition table, the checks behind `blockers()` and
`move()`,
the only code that writes `Renewal.phase`."""

from .machine import (
    Blocker,
    TransitionRefused,
    blockers,
    lock,
    move,
    next_step,
    offered,
    record_event,
    require,
    require_phase,
)
from .transitions import TRANSITIONS, Transition

__all__ = [
    "TRANSITIONS",
    "Blocker",
    "Transition",
    "TransitionRefused",
    "blockers",
    "lock",
    "move",
    "next_step",
    "offered",
    "record_event",
    "require",
    "require_phase",
]

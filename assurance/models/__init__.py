"""Models of the assurance cycle (one module per part; see each module's docstring)."""

from assurance.models.assessment import Answer, Rating, SelfAssessment, StandardRating
from assurance.models.evidence import (
    AwarenessIndicator,
    EngagementActivity,
    OutreachActivity,
    Seniority,
    WorkforceCount,
    WorkforceReturn,
)
from assurance.models.review import (
    Action,
    ActionPlan,
    ActionReminder,
    AreaEscalation,
    Challenge,
    EscalationEvent,
    EscalationState,
    GrantSuspension,
)
from assurance.models.standards import Prompt, QualityStandard, StandardsEdition

# The audit trail lives in core (every app records to it); named here for older imports.
from core.models import AuditEvent

__all__ = [
    "Action",
    "ActionPlan",
    "ActionReminder",
    "Answer",
    "AreaEscalation",
    "AuditEvent",
    "AwarenessIndicator",
    "Challenge",
    "EngagementActivity",
    "EscalationEvent",
    "EscalationState",
    "GrantSuspension",
    "OutreachActivity",
    "Prompt",
    "QualityStandard",
    "Rating",
    "SelfAssessment",
    "Seniority",
    "StandardRating",
    "StandardsEdition",
    "WorkforceCount",
    "WorkforceReturn",
]

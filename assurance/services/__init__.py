"""Every write of the assurance cycle: keyword-only `<entity>_<verb>` functions, one
transaction each, each writing its AuditEvent (or EscalationEvent) in that transaction.

Refusals: `Refused` (wrong order, frozen record; nothing changed) and `NotPermitted`
(the role may not; a 403), both from assurance/workflow.py.
"""

from assurance.services.assessment import (
    SaveResult,
    assessment_answers_save,
    assessment_correct,
    assessment_rate,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    unanswered_prompts,
)
from assurance.services.evidence import (
    awareness_record,
    awareness_remove,
    engagement_record,
    engagement_update,
    outreach_record,
    outreach_update,
    workforce_record,
)
from assurance.services.review import (
    action_add,
    action_plan_agree,
    action_plan_revise,
    action_reminders_send,
    action_remove,
    action_update,
    challenge_close,
    challenge_raise,
    challenge_respond,
    escalation_advance,
    escalation_state,
    pending_suspension,
    suspension_decide,
    suspension_request,
)
from assurance.workflow import NotPermitted, Refused

__all__ = [
    "NotPermitted",
    "Refused",
    "SaveResult",
    "action_add",
    "action_plan_agree",
    "action_plan_revise",
    "action_remove",
    "action_reminders_send",
    "action_update",
    "assessment_answers_save",
    "assessment_correct",
    "assessment_rate",
    "assessment_sign_off",
    "assessment_start",
    "assessment_submit",
    "awareness_record",
    "awareness_remove",
    "challenge_close",
    "challenge_raise",
    "challenge_respond",
    "engagement_record",
    "engagement_update",
    "escalation_advance",
    "escalation_state",
    "outreach_record",
    "outreach_update",
    "pending_suspension",
    "suspension_decide",
    "suspension_request",
    "unanswered_prompts",
    "workforce_record",
]

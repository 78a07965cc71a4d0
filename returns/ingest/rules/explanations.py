"""What a person must write: the submitter's explanation of a query, and the
commissioner's reason for returning or restoring a version. Written once here; the
upload, the web form, the API and the commissioner's pages all quote these words."""

from returns.ingest.problems import Severity
from returns.ingest.rules.base import Stage, declare

MIN_EXPLANATION = 10  # characters: "a sentence or two", not a full stop

EXPLANATION_NEEDED = declare(
    "explanation_needed",
    Severity.ERROR,
    Stage.CONFIRM,
    "Explain each query in a sentence or two, so the commissioner can understand the figures.",
)

MIN_REASON = 10

REASON_NEEDED = (
    "Say why in a sentence or two: the provider reads it, and it is kept with the version."
)


def explanation_problem(text: str) -> str | None:
    """The message to show if `text` does not explain a return's queries, else None."""
    return EXPLANATION_NEEDED.message if len((text or "").strip()) < MIN_EXPLANATION else None


def decision_reason_problem(text: str) -> str | None:
    """The message to show if a commissioner's reason is missing, else None."""
    return REASON_NEEDED if len((text or "").strip()) < MIN_REASON else None

"""What a person must write: the explanation of queries and the commissioner's reason."""

from returns.ingest.rules.explanations import (
    EXPLANATION_NEEDED,
    MIN_EXPLANATION,
    REASON_NEEDED,
    decision_reason_problem,
    explanation_problem,
)


def test_explanation_needed():
    assert EXPLANATION_NEEDED.code == "explanation_needed"
    assert explanation_problem("") == EXPLANATION_NEEDED.message
    assert explanation_problem("  too short  ") == EXPLANATION_NEEDED.message
    assert explanation_problem("x" * MIN_EXPLANATION) is None
    assert explanation_problem("A new police referral route opened in June.") is None


def test_a_commissioner_says_why():
    assert decision_reason_problem("") == REASON_NEEDED
    assert decision_reason_problem("Only 8 rows: the export missed most of the period.") is None

"""Where a version and a submission may go next: one table each (docs/returns.md).

Every change of `ReturnVersion.status` or `Submission.status` is checked here, so a
path not in the table cannot be taken by accident, whichever service takes it.
"""

from returns.models import ReturnVersion, Submission

V = ReturnVersion.Status
S = Submission.Status

# None: the status a version is created with.
VERSION_TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({V.CURRENT, V.AWAITING, V.OVERTAKEN}),
    V.AWAITING: frozenset({V.CURRENT, V.RETURNED, V.OVERTAKEN}),  # accepted, returned, overtaken
    V.CURRENT: frozenset({V.SUPERSEDED, V.RETURNED}),
    V.SUPERSEDED: frozenset({V.CURRENT}),  # made current again by the commissioner
    V.RETURNED: frozenset(),
    V.OVERTAKEN: frozenset(),
}

SUBMISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.QUEUED: frozenset({S.PROCESSING, S.FAILED, S.TO_CONFIRM, S.REJECTED}),
    # Back to the queue once, when the worker checking it died (returns/tasks.py).
    S.PROCESSING: frozenset({S.QUEUED, S.REJECTED, S.FAILED, S.TO_CONFIRM}),
    S.TO_CONFIRM: frozenset({S.SUBMITTED, S.DISCARDED, S.EXPIRED}),
    S.REJECTED: frozenset(),
    S.FAILED: frozenset(),
    S.SUBMITTED: frozenset(),
    S.DISCARDED: frozenset(),
    S.EXPIRED: frozenset(),
}


class TransitionRefused(ValueError):
    """A change of status the workflow does not allow."""


def can_move(table: dict, current: str | None, to: str) -> bool:
    return to in table.get(current, frozenset())


def check_version_move(current: str | None, to: str) -> None:
    if not can_move(VERSION_TRANSITIONS, current, to):
        raise TransitionRefused(
            f"A version that is {_label(V, current)} cannot become {_label(V, to)}."
        )


def check_submission_move(current: str, to: str) -> None:
    if not can_move(SUBMISSION_TRANSITIONS, current, to):
        raise TransitionRefused(
            f"A submission that is {_label(S, current)} cannot become {_label(S, to)}."
        )


def _label(choices, value) -> str:
    if value is None:
        return "new"
    return f"'{choices(value).label.lower()}'"

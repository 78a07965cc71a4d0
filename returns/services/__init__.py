"""Writes to returns: keyword-only `<entity>_<verb>` functions, one transaction each, each
writing its audit record in that transaction (core.audit.audit).

The one door for versions is `return_submit` (returns/services/versions.py): every channel
(upload, API file, API rows, web form, demo data) ends there, and only that module moves
`Return.current_version`.
"""

from returns.services._common import (
    DecisionRefused,
    ExplanationNeeded,
    NotWaiting,
    SubmissionRefused,
)
from returns.services.submissions import (
    CONFIRM_DAYS,
    DETAIL_HOURS,
    submission_discard,
    submission_of_counts,
    submission_open,
    submission_process,
    submission_rows,
    submission_settle,
    submission_start,
)
from returns.services.sweep import submissions_sweep
from returns.services.versions import (
    return_ensure,
    return_submit,
    return_version_accept,
    return_version_restore,
    return_version_send_back,
)

__all__ = [
    "CONFIRM_DAYS",
    "DETAIL_HOURS",
    "DecisionRefused",
    "ExplanationNeeded",
    "NotWaiting",
    "SubmissionRefused",
    "return_ensure",
    "return_submit",
    "return_version_accept",
    "return_version_restore",
    "return_version_send_back",
    "submission_discard",
    "submission_of_counts",
    "submission_open",
    "submission_process",
    "submission_rows",
    "submission_settle",
    "submission_start",
    "submissions_sweep",
]

"""Which way a case study may move: one table, checked by every service that moves it."""

from library.models import CaseStudy

S = CaseStudy.Status

TRANSITIONS = {
    S.SUBMITTED: {S.APPROVED, S.RETURNED, S.WITHDRAWN},
    S.RETURNED: {S.SUBMITTED, S.WITHDRAWN},
    S.APPROVED: {S.WITHDRAWN},
    S.WITHDRAWN: {S.SUBMITTED},
}

# What the assessor may decide, in the words the decision form offers.
DECISIONS = {
    S.APPROVED: "Approve for sharing",
    S.RETURNED: "Return for changes",
    S.WITHDRAWN: "Withdraw from the library",
}


class Refused(Exception):
    """A move the table does not allow; the message says why, for the page to show."""


def check_transition(case_study: CaseStudy, target: str) -> None:
    if target not in TRANSITIONS[CaseStudy.Status(case_study.status)]:
        raise Refused(
            f"A case study that is {case_study.get_status_display().lower()} cannot be "
            f"{CaseStudy.Status(target).label.lower()}."
        )

"""Sending a checked result through the one door, as the services do: open a submission,
settle it with the result, confirm it (returns.services.return_submit)."""

import datetime

from returns.models import Period, Submission
from returns.services import return_submit, submission_open, submission_settle


def settle(result, *, provider, area, period, channel="upload", by=None) -> Submission:
    submission = submission_open(
        provider=provider,
        area=area,
        period=period,
        channel=channel,
        submitted_by=by,
        status=Submission.Status.PROCESSING,
        file_name=result.file_name,
    )
    return submission_settle(submission, result)


def send(result, *, provider, area, period, explanation="", by=None, previous_total=None, **kw):
    """Settle `result` and confirm it; returns the version. `previous_total` makes a
    previous period's return with that many referrals first, so the door sees it too."""
    if previous_total is not None:
        make_previous(provider, area, period, previous_total)
    submission = settle(result, provider=provider, area=area, period=period, by=by, **kw)
    return return_submit(submission=submission, by=by, explanation=explanation)


def make_previous(provider, area, period, total: int):
    from returns.periods import period_ensure
    from tests.factories import make_return

    year, half = Period.containing(period.start - datetime.timedelta(days=1))
    return make_return(
        provider=provider,
        area=area,
        period=period_ensure(year, half),
        cells=[{"ethnicity": "13", "count": total}],
    )

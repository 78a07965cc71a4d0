"""Providers' six-monthly returns, their versions and the count cube.

"Counts, not people" (docs/adr/0001-counts-not-people.md): a return never holds a person.
A record-level upload is validated and collapsed at once into CubeCell rows (referral
counts by ethnicity, sex, age band, crime type, referral pathway, outcome, disability,
sexual orientation and interpreter need) and MeasureCell rows (outcome-measure answers);
the file itself is not kept, only its checksum, size and row count. The dimensions
are listed once, in returns/dimensions.py.

How a submission becomes a version, and which version counts: docs/returns.md.
"""

from returns.models.cells import CubeCell, LocalAuthorityCell, MeasureCell
from returns.models.drafts import WebFormDraft
from returns.models.mappings import ProviderMapping
from returns.models.periods import Period
from returns.models.reminders import ReturnReminder
from returns.models.returns import Return, ReturnQuerySet, ReturnVersion
from returns.models.submissions import Submission

__all__ = [
    "CubeCell",
    "LocalAuthorityCell",
    "MeasureCell",
    "Period",
    "ProviderMapping",
    "Return",
    "ReturnQuerySet",
    "ReturnReminder",
    "ReturnVersion",
    "Submission",
    "WebFormDraft",
]

"""The count cube's dimensions: one table, read by ingest, storage, dashboards and the demo.

Each characteristic a referral is counted by appears here once, with

- `name`: what the cube, the reference-code look-ups and the dashboards call it;
- `column`: its column in the data standard (returns/standard.py) and the record frame;
- `field`: the CubeCell (and MeasureCell) field; the database column is `field` + "_id";
- `model`: the reference model whose codes it takes (reference/models.py);
- `measured`: whether outcome-measure answers are counted by it too (MeasureCell);
- `breakdown`: whether the dashboards break ethnicity down by it (monitoring/margins.py);
- `label`: its name in words, for people.

Every other list of dimensions (the cube's columns, the standard's optional columns, the
ingest code lists, the query rules' checks, the margins' breakdowns, the demo's record
columns) is derived from `DIMENSIONS`, in its order, which is the cube's column order.
Ethnicity comes first: every count in Reach is by ethnic group.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    name: str
    column: str
    field: str
    model: str
    measured: bool
    breakdown: bool
    label: str

    @property
    def cube_column(self) -> str:
        """The id column in the cube's frames and the cell tables."""
        return f"{self.field}_id"

    def code_model(self):
        """The reference model class whose rows are this dimension's codes."""
        from reference import models as ref

        return getattr(ref, self.model)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("ethnicity", "ethnicity", "ethnicity", "EthnicGroup", True, False, "Ethnic group"),
    Dimension("sex", "sex", "sex", "Sex", True, True, "Sex"),
    Dimension("age_band", "age_band", "age_band", "AgeBand", True, True, "Age band"),
    Dimension("crime_type", "crime_type", "crime_type", "CrimeType", True, True, "Crime type"),
    Dimension(
        "pathway", "referral_pathway", "pathway", "ReferralPathway", False, True, "Referral pathway"
    ),
    Dimension("outcome", "outcome", "outcome", "Outcome", False, True, "Outcome"),
    Dimension("disability", "disability", "disability", "Disability", False, True, "Disability"),
    Dimension(
        "sexual_orientation",
        "sexual_orientation",
        "sexual_orientation",
        "SexualOrientation",
        False,
        False,
        "Sexual orientation",
    ),
)

ETHNICITY = DIMENSIONS[0]
BY_NAME: dict[str, Dimension] = {d.name: d for d in DIMENSIONS}
BY_COLUMN: dict[str, Dimension] = {d.column: d for d in DIMENSIONS}

#: Data-standard columns of the dimensions, in the cube's order.
COLUMNS: tuple[str, ...] = tuple(d.column for d in DIMENSIONS)
#: The dimensions a file may leave out (all but ethnicity): each is then "not recorded".
OPTIONAL_COLUMNS: tuple[str, ...] = tuple(d.column for d in DIMENSIONS if d is not ETHNICITY)
#: The dimensions outcome-measure answers are counted by.
MEASURED: tuple[Dimension, ...] = tuple(d for d in DIMENSIONS if d.measured)
#: The dimensions the dashboards break ethnicity down by.
BREAKDOWNS: tuple[Dimension, ...] = tuple(d for d in DIMENSIONS if d.breakdown)


#: Where the victim lives: an optional column of the data standard, counted by ethnic
#: group alone in a cell table of its own (returns.models.LocalAuthorityCell), so that the
#: main cube does not grow by the number of local authorities. Its codes are the ONS codes
#: of reference.LocalAuthority.
LOCAL_AUTHORITY = "local_authority"


def by_column(column: str) -> Dimension:
    return BY_COLUMN[column]

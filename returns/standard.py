"""The Reach data standard: the columns of a record-level return, one row per referral.

This module is the single definition used by the data dictionary page, the templates,
the upload reader and validator, the demo generator's record files and the API. Codes are
held in the reference tables (reference/data/codes/); this file says which column takes
which list.
"""

from dataclasses import dataclass

from returns import dimensions


@dataclass(frozen=True)
class Column:
    name: str  # canonical column name in files
    title: str
    meaning: str
    code_list: str | None = None  # reference model name whose codes (and labels) are accepted
    required: bool = True
    example: str = ""

    @property
    def synonyms(self) -> tuple[str, ...]:
        """Other headings accepted for the column (reference/data/codes/column_headings.csv)."""
        from reference.loading import column_headings

        return tuple(h.heading for h in column_headings() if h.column == self.name)


def _codes(column: str) -> str:
    """The reference model a dimension column takes its codes from (returns/dimensions.py)."""
    return dimensions.by_column(column).model


# The columns named in returns/dimensions.py are the cube's dimensions: each takes the codes
# of the reference model that table names.
COLUMNS: tuple[Column, ...] = (
    Column(
        "referral_id",
        "Referral ID",
        "The provider's own pseudonymous reference for the referral: unique within the file. "
        "Never a police crime reference, NHS number or anything that names a person.",
        example="R-000123",
    ),
    Column(
        "referral_date",
        "Referral date",
        "The date the referral was received (YYYY-MM-DD; Excel dates and DD/MM/YYYY accepted). "
        "Must fall within the return's period.",
        example="2026-05-14",
    ),
    Column(
        "ethnicity",
        "Ethnic group",
        "The victim's ethnic group as they described it: a Census 2021 code or label, a 2011 "
        "'18+1' label or a police '16+1' self-defined code. 'Prefer not to say' and 'Not known' "
        "are recorded as such, never guessed; a blank cell is read as 'Not known' (it counts "
        "against recording coverage).",
        code_list=_codes("ethnicity"),
        example="Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    ),
    Column(
        "sex",
        "Sex",
        "The victim's sex.",
        code_list=_codes("sex"),
        required=False,
        example="F",
    ),
    Column(
        "age_band",
        "Age band",
        "The victim's age band at referral. An exact age in a column called 'age' is accepted, "
        "turned into its band and dropped.",
        code_list=_codes("age_band"),
        required=False,
        example="25-34",
    ),
    Column(
        "disability",
        "Disability",
        "Whether the victim is disabled (Equality Act 2010 definition).",
        code_list=_codes("disability"),
        required=False,
        example="NOT_DISABLED",
    ),
    Column(
        "sexual_orientation",
        "Sexual orientation",
        "The victim's sexual orientation (asked of those 16 and over).",
        code_list=_codes("sexual_orientation"),
        required=False,
        example="STRAIGHT",
    ),
    Column(
        "crime_type",
        "Crime type",
        "The crime or harm the support is for.",
        code_list=_codes("crime_type"),
        required=False,
        example="DOMESTIC_ABUSE",
    ),
    Column(
        "referral_pathway",
        "Referral pathway",
        "How the referral reached the service.",
        code_list=_codes("referral_pathway"),
        required=False,
        example="SELF",
    ),
    Column(
        "outcome",
        "Outcome",
        "The furthest stage the referral reached by the end of the period.",
        code_list=_codes("outcome"),
        required=False,
        example="SUPPORTED_COMPLETED",
    ),
    Column(
        dimensions.LOCAL_AUTHORITY,
        "Local authority",
        "The local authority (council area) where the victim lives: its ONS code or its name, "
        "in English or Welsh. Leave it blank if not known. The area dashboard then shows "
        "referrals by local authority against each authority's Census population.",
        required=False,
        example="E08000025",
    ),
    Column(
        "interpreter_needed",
        "Interpreter needed",
        "Whether the victim needed an interpreter: Y, N or blank if not known.",
        required=False,
        example="N",
    ),
)

# Optional columns a file may leave out: every referral is then "not recorded" for it,
# and the result says so.
NOT_RECORDED_IF_MISSING = dimensions.OPTIONAL_COLUMNS

# One column per outcome measure, named by its code in lower case (e.g. `satisfied`),
# answered with a MeasureAnswer code; optional, blank means NOT_ASKED.
MEASURE_COLUMN_PREFIX = ""

# The column a record's age may arrive in, banded on upload and never stored.
EXACT_AGE_COLUMNS = ("age", "age_at_referral", "age_years", "victim_age")

# Columns that identify people. A file containing any of these is refused whole, with a
# message saying to remove the column (docs/adr/0001-counts-not-people.md).
IDENTIFYING_COLUMNS = {
    "name": "names",
    "first_name": "names",
    "forename": "names",
    "surname": "names",
    "last_name": "names",
    "full_name": "names",
    "victim_name": "names",
    "client_name": "names",
    "address": "addresses",
    "address_line_1": "addresses",
    "street": "addresses",
    "postcode": "postcodes",
    "post_code": "postcodes",
    "zip": "postcodes",
    "date_of_birth": "dates of birth",
    "dob": "dates of birth",
    "birth_date": "dates of birth",
    "nhs_number": "NHS numbers",
    "nhs_no": "NHS numbers",
    "crime_reference": "police reference numbers",
    "crime_ref": "police reference numbers",
    "crime_number": "police reference numbers",
    "police_reference": "police reference numbers",
    "urn": "police reference numbers",
    "niche_reference": "police reference numbers",
    "phone": "phone numbers",
    "telephone": "phone numbers",
    "mobile": "phone numbers",
    "phone_number": "phone numbers",
    "email": "email addresses",
    "email_address": "email addresses",
    "notes": "free-text notes",
    "case_notes": "free-text notes",
    "comments": "free-text notes",
    "comment": "free-text notes",
    "description": "free-text notes",
    "narrative": "free-text notes",
}


def normalise_column(name: str) -> str:
    """Column names are matched ignoring case, spaces and punctuation."""
    out = []
    for ch in name.strip().casefold():
        out.append(ch if ch.isalnum() else "_")
    return "_".join(part for part in "".join(out).split("_") if part)

"""Write docs/data-standard.md from the data standard and the code list files.

The columns come from returns/standard.py and the codes from reference/data/, the same
definitions the upload reader, the templates and the data dictionary page use, so the
document cannot say something the code does not. tests/test_repository.py fails when the
committed document differs from what this script writes.

    python scripts/data_standard_doc.py          # rewrite docs/data-standard.md
    python scripts/data_standard_doc.py --check  # exit 1 if it is out of date
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from returns.standard import (  # noqa: E402  (the project root is put on the path first)
    COLUMNS,
    EXACT_AGE_COLUMNS,
    IDENTIFYING_COLUMNS,
    NOT_RECORDED_IF_MISSING,
)

DOC = ROOT / "docs" / "data-standard.md"
CODES = ROOT / "reference" / "data" / "codes"
PUBLISHED = ROOT / "reference" / "data" / "published"

# The file each column's code list is loaded from (reference/loading.py).
CODE_FILES = {
    "Sex": "sex.csv",
    "AgeBand": "age_bands.csv",
    "Disability": "disability.csv",
    "SexualOrientation": "sexual_orientation.csv",
    "CrimeType": "crime_types.csv",
    "ReferralPathway": "referral_pathways.csv",
    "Outcome": "outcomes.csv",
}

INTRO = """\
# The data standard: what a return holds

A provider's return is one file a period and area, **one row a referral**, in CSV or XLSX,
with the columns below. Reach checks it, collapses it at once into counts and does not
keep the file ([product.md](product.md), "Counts, not people"). A service with no case
system enters the same counts through the web form; a case system sends the same rows
through the API. How a return arrives and which version counts: [returns.md](returns.md).

The public page **Data standard** (`/returns/data-standard/`) shows the same columns with
every code, the other spellings and headings accepted, each check a file must pass, and
templates to download (CSV and XLSX). Column headings are matched ignoring case, spaces
and punctuation; the other headings accepted are in
`reference/data/codes/column_headings.csv`, and the other spellings of codes in
`reference/data/codes/code_aliases.csv` and `ethnicity_aliases.csv`.

This file is written by `scripts/data_standard_doc.py` from `returns/standard.py` and the
code list files; change those, then run `make data-standard-doc`.
"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            row
            for row in csv.DictReader(handle)
            if not (next(iter(row.values()), "") or "").startswith("#")
        ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _ethnic_groups() -> list[tuple[str, str]]:
    rows = sorted(
        _rows(PUBLISHED / "ethnic_group_classification.csv"), key=lambda r: int(r["sort_order"])
    )
    groups = [
        (r["ethnic_group_code"], r["ons_output_label"]) for r in rows if r["level"] == "detailed"
    ]
    return groups + [(r["code"], r["label"]) for r in _rows(CODES / "ethnicity_not_stated.csv")]


def _codes(code_list: str) -> tuple[str, list[tuple[str, str]]]:
    if code_list == "EthnicGroup":
        return (
            "reference/data/published/ethnic_group_classification.csv and "
            "reference/data/codes/ethnicity_not_stated.csv",
            _ethnic_groups(),
        )
    filename = CODE_FILES[code_list]
    rows = sorted(_rows(CODES / filename), key=lambda r: int(r["order"]))
    return f"reference/data/codes/{filename}", [(r["code"], r["label"]) for r in rows]


def render() -> str:
    out = [INTRO, "## Columns", ""]
    out += ["| column | title | required | meaning |", "|---|---|---|---|"]
    for column in COLUMNS:
        required = "yes" if column.required else "no"
        out.append(f"| `{column.name}` | {column.title} | {required} | {_cell(column.meaning)} |")
    measures = _rows(CODES / "outcome_measures.csv")
    answers = _rows(CODES / "measure_answers.csv")
    out += [
        "",
        "Optional columns a file leaves out are read as not recorded for every referral, and "
        "the result says so: " + ", ".join(f"`{name}`" for name in NOT_RECORDED_IF_MISSING) + ".",
        "",
        "## Outcome measures",
        "",
        "One optional column per outcome measure, named by its code in lower case; a blank "
        "cell means not asked. Answers: "
        + ", ".join(f"`{a['code']}` ({a['label']})" for a in answers)
        + ".",
        "",
        "| column | measure |",
        "|---|---|",
    ]
    out += [f"| `{m['code'].lower()}` | {_cell(m['label'])} |" for m in measures]
    out += ["", "## Code lists", ""]
    for column in COLUMNS:
        if column.code_list is None:
            continue
        source, codes = _codes(column.code_list)
        out += [f"### `{column.name}`", "", f"From {source}.", ""]
        out += ["| code | label |", "|---|---|"]
        out += [f"| `{code}` | {_cell(label)} |" for code, label in codes]
        out.append("")
    out += [
        "## Refused columns",
        "",
        "A file with a column that identifies a person is refused whole, with a message "
        "naming the column to remove. An exact age in a column named "
        + ", ".join(f"`{name}`" for name in EXACT_AGE_COLUMNS)
        + " is turned into its age band and dropped.",
        "",
        "| column | holds |",
        "|---|---|",
    ]
    out += [f"| `{name}` | {what} |" for name, what in IDENTIFYING_COLUMNS.items()]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print("docs/data-standard.md is out of date: run make data-standard-doc")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Properties: no file makes the pipeline crash, and valid records count exactly.

1. Any bytes give either an accepted result or a clean list of problems (codes from the
   registry, plain messages), never an exception.
2. Records generated from the code lists, written as a standard CSV or as a messy export
   (labels and aliases, other headings, semicolons, Windows-1252, UK dates), collapse to
   exactly the counts of the records.
"""

import codecs
import csv
import datetime
import io
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returns.ingest.pipeline import read_and_validate
from returns.ingest.rules import REGISTRY
from tests.returns.ingest.conftest import HEADER, fuzzed, period_h1_2026, rows, to_csv

PROPERTY = fuzzed()
PERIOD = period_h1_2026()

# (code, how a messy export writes it) for each column.
SPELLINGS = {
    "ethnicity": [("7", "Black British - Caribbean"), ("13", "W1"), ("4", "Asian/Asian British: Pakistani"),
                  ("PNS", "Prefer not to say"), ("NK", "Not known"), ("14", "White – Irish"), ("ASIAN", "Asian")],
    "sex": [("F", "Female"), ("M", "male"), ("NK", "Unknown")],
    "age_band": [("25-34", "25 to 34"), ("75+", "75 and over"), ("NK", "Not known"), ("0-11", "0 to 11")],
    "disability": [("DISABLED", "Disabled"), ("PNS", "Declined"), ("NOT_DISABLED", "Not disabled")],
    "sexual_orientation": [("STRAIGHT", "Straight or heterosexual"), ("NA", "Not applicable (under 16)")],
    "crime_type": [("DOMESTIC_ABUSE", "Domestic abuse"), ("HATE_RACE", "Hate crime: race")],
    "referral_pathway": [("POLICE", "Police referral"), ("SELF", "Self-referral")],
    "outcome": [("OPEN", "Still open"), ("NR", "Not recorded"), ("DECLINED", "Declined support")],
    "interpreter_needed": [("Y", "Yes"), ("N", "no"), ("", "")],
    "satisfied": [("YES", "Yes"), ("PARTLY", "partly"), ("", "")],
}  # fmt: skip
MESSY_HEADINGS = {
    "referral_id": "Case Ref", "referral_date": "Date of referral", "ethnicity": "Ethnic Group",
    "sex": "Gender", "age_band": "Age Group", "disability": "Disability status",
    "sexual_orientation": "Sexuality", "crime_type": "Offence type",
    "referral_pathway": "Referral source", "outcome": "Case status",
    "interpreter_needed": "Interpreter required", "satisfied": "SATISFIED",
}  # fmt: skip
DIMENSIONS = ["ethnicity", "sex", "age_band", "disability", "sexual_orientation", "crime_type",
              "referral_pathway", "outcome", "interpreter_needed"]  # fmt: skip


def _clean(result) -> None:
    for problem in result.problems:
        assert problem.code in REGISTRY
        assert problem.message and problem.severity in ("error", "query", "note")
    assert result.ok == (result.error_count == 0)
    assert (result.cube is not None) == result.ok


@pytest.mark.django_db
@PROPERTY
@given(data=st.binary(max_size=2000))
def test_any_bytes_give_a_result_or_problems_never_an_exception(lookups, data):
    _clean(read_and_validate(data, file_name="fuzz.csv", period=PERIOD, lookups=lookups))


@pytest.mark.django_db
@PROPERTY
@given(
    prefix=st.sampled_from([b"", b"PK\x03\x04", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b'"']),
    headings=st.lists(st.sampled_from([*HEADER, "Age", "Postcode", "", "x"]), max_size=14),
    separator=st.sampled_from([",", ";", "\t"]),
    cells=st.lists(
        st.lists(
            st.one_of(
                st.sampled_from(list(rows(1)[0].values()) + ["", "NK", "=1"]), st.text(max_size=8)
            ),
            max_size=14,
        ),
        max_size=6,
    ),
)
def test_csv_shaped_junk_never_crashes(lookups, prefix, headings, separator, cells):
    text = "\n".join(separator.join(line) for line in [headings, *cells])
    data = prefix + text.encode("utf-8", errors="replace")
    _clean(read_and_validate(data, file_name="fuzz.csv", period=PERIOD, lookups=lookups))


choice = st.integers(min_value=0, max_value=100)
record = st.fixed_dictionaries(
    {name: st.sampled_from(range(len(spellings))) for name, spellings in SPELLINGS.items()}
    | {"day": st.integers(min_value=0, max_value=182)}
)


def _write(records: list[dict], messy: bool) -> bytes:
    out = []
    for i, r in enumerate(records, 1):
        day = PERIOD.start + datetime.timedelta(days=r["day"])
        row = {
            "referral_id": f"R-{i}",
            "referral_date": f"{day:%d/%m/%Y}" if messy else day.isoformat(),
        }
        for name, spellings in SPELLINGS.items():
            code, spelling = spellings[r[name]]
            row[name] = spelling if messy else code
        out.append(row)
    if not messy:
        return to_csv(out, header=list(out[0]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([MESSY_HEADINGS[h] for h in out[0]])
    writer.writerows([list(row.values()) for row in out])
    return buffer.getvalue().encode("cp1252")


def _expected(records: list[dict]) -> Counter:
    flags = {"Y": True, "N": False, "": None}
    counts = Counter()
    for r in records:
        key = [SPELLINGS[name][r[name]][0] for name in DIMENSIONS]
        key[-1] = flags[key[-1]]
        counts[tuple(key)] += 1
    return counts


def _observed(cube, codes) -> Counter:
    lists = {
        "ethnicity": codes.ethnicity, "sex": codes.sex, "age_band": codes.age_band,
        "disability": codes.disability, "sexual_orientation": codes.sexual_orientation,
        "crime_type": codes.crime_type, "referral_pathway": codes.pathway, "outcome": codes.outcome,
    }  # fmt: skip
    back = {name: {i: c for c, i in ids.items()} for name, ids in lists.items()}
    id_columns = {"referral_pathway": "pathway_id"}
    counts = Counter()
    for cell in cube.cells.iter_rows(named=True):
        key = [back[n][cell[id_columns.get(n, f"{n}_id")]] for n in DIMENSIONS[:-1]]
        counts[(*key, cell["interpreter_needed"])] += cell["count"]
    return counts


@pytest.mark.django_db
@PROPERTY
@given(records=st.lists(record, min_size=1, max_size=40), messy=st.booleans())
def test_valid_records_collapse_to_exactly_their_counts(lookups, records, messy):
    from returns.cube import load_code_ids

    result = read_and_validate(
        _write(records, messy), file_name="r.csv", period=PERIOD, lookups=lookups
    )
    assert result.error_count == 0, result.problems
    codes = load_code_ids()
    assert _observed(result.cube, codes) == _expected(records)
    assert result.cube.total == len(records) == result.row_count
    # The cube keeps the answers of people asked; the unasked are the rest of the total.
    satisfied = Counter(SPELLINGS["satisfied"][r["satisfied"]][0] or "NOT_ASKED" for r in records)
    for unasked in ("NOT_ASKED", "NA"):
        satisfied.pop(unasked, None)
    answers = {i: c for c, i in codes.answer.items()}
    measure = cube_measure(result.cube, codes.measure["SATISFIED"], answers)
    assert measure == satisfied


def cube_measure(cube, measure_id, answers) -> Counter:
    counts = Counter()
    for cell in cube.measures.iter_rows(named=True):
        if cell["measure_id"] == measure_id:
            counts[answers[cell["answer_id"]]] += cell["count"]
    return counts

"""returns/cube.py: records collapse to counts, codes to reference ids, nothing lost."""

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returns.cube import collapse, cube_from_counts, empty_cube, load_code_ids

pytestmark = pytest.mark.django_db

MEASURES = [
    "cope_everyday",
    "health_wellbeing",
    "feel_safer",
    "informed_empowered",
    "cjs_engage",
    "satisfied",
]


@pytest.fixture
def codes(db):
    return load_code_ids()


def record(**overrides):
    row = {
        "referral_id": "R1",
        "ethnicity": "7",
        "sex": "F",
        "age_band": "25-34",
        "disability": "NOT_DISABLED",
        "sexual_orientation": "STRAIGHT",
        "crime_type": "DOMESTIC_ABUSE",
        "referral_pathway": "POLICE",
        "outcome": "SUPPORTED_COMPLETED",
        "interpreter_needed": False,
        **dict.fromkeys(MEASURES, "YES"),
    }
    return row | overrides


def frame(rows):
    return pl.DataFrame(rows, schema_overrides={"interpreter_needed": pl.Boolean})


def test_code_ids_cover_every_list(codes):
    assert codes.ethnicity["7"] and codes.ethnicity["PNS"] and codes.ethnicity["ASIAN"]
    assert set(codes.measure) == {m.upper() for m in MEASURES}
    assert codes.measure_columns == MEASURES
    assert {"YES", "PARTLY", "NO", "NOT_ASKED", "NA"} == set(codes.answer)


def test_collapse_counts_identical_records_into_one_cell(codes):
    rows = [record(referral_id=f"R{i}") for i in range(3)] + [
        record(referral_id="R9", ethnicity="NK")
    ]
    cube = collapse(frame(rows), codes)
    assert cube.total == 4
    assert cube.stated_ethnicity == 3
    assert cube.cells.height == 2
    cell = cube.cells.filter(pl.col("ethnicity_id") == codes.ethnicity["7"]).row(0, named=True)
    assert cell["count"] == 3
    assert cell["sex_id"] == codes.sex["F"]
    assert cell["pathway_id"] == codes.pathway["POLICE"]
    assert cell["interpreter_needed"] is False
    # Every referral answers every measure once: each measure's counts add up to the total.
    per_measure = cube.measures.group_by("measure_id").agg(pl.col("count").sum())
    assert per_measure.height == 6 and set(per_measure["count"]) == {4}


def test_missing_columns_and_blanks_mean_not_recorded(codes):
    rows = pl.DataFrame({"ethnicity": [None, "13"], "sex": ["M", None]})
    cube = collapse(rows, codes)
    cells = cube.cells.sort("ethnicity_id")
    assert set(cells["age_band_id"]) == {codes.age_band["NR"]}
    assert set(cells["ethnicity_id"]) == {codes.ethnicity["NK"], codes.ethnicity["13"]}
    assert cells["interpreter_needed"].null_count() == 2
    assert cube.measures.height == 0  # nobody was asked: no answers to keep
    assert cube.stated_ethnicity == 1


def test_unknown_code_is_refused_by_name(codes):
    with pytest.raises(ValueError, match="ethnicity: Martian"):
        collapse(frame([record(ethnicity="Martian")]), codes)
    with pytest.raises(ValueError, match="satisfied: MAYBE"):
        collapse(frame([record(satisfied="MAYBE")]), codes)


def test_empty_records_give_an_empty_cube(codes):
    cube = collapse(frame([record()]).clear(), codes)
    assert cube.total == 0 and cube.cells.height == 0 and cube.measures.height == 0
    assert empty_cube().cells.columns == cube.cells.columns


def test_cube_from_counts_defaults_and_refuses_negative(codes):
    cube = cube_from_counts(
        [
            {"ethnicity": "6", "sex": "F", "count": 5},
            {"ethnicity": "PNS", "count": 2},
            {"count": 0},
        ],
        codes,
    )
    assert cube.total == 7 and cube.stated_ethnicity == 5
    assert set(cube.cells["crime_type_id"]) == {codes.crime_type["NR"]}
    with pytest.raises(ValueError, match="negative"):
        cube_from_counts([{"ethnicity": "6", "count": -1}], codes)


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(df.columns, nulls_last=True)


ETHNICITIES = ["1", "7", "13", "17", "PNS", "NK"]
rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "ethnicity": st.sampled_from(ETHNICITIES),
            "sex": st.sampled_from(["F", "M", "NK"]),
            "outcome": st.sampled_from(["OPEN", "DECLINED", "SUPPORTED_COMPLETED"]),
            "interpreter_needed": st.sampled_from([True, False, None]),
            "satisfied": st.sampled_from(["YES", "NO", "NOT_ASKED", None]),
            "count": st.integers(1, 4),
        }
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows_strategy)
def test_counts_and_records_collapse_to_the_same_cube(codes, rows):
    """A web-form cube equals the collapse of the records it counts."""
    records = [
        {k: v for k, v in row.items() if k != "count"} for row in rows for _ in range(row["count"])
    ]
    from_records = collapse(
        pl.DataFrame(records, schema_overrides={"interpreter_needed": pl.Boolean}), codes
    )
    from_counts = cube_from_counts(rows, codes)
    assert from_records.total == from_counts.total == sum(r["count"] for r in rows)
    assert from_records.stated_ethnicity == from_counts.stated_ethnicity
    assert _sorted(from_records.cells).equals(_sorted(from_counts.cells))
    assert _sorted(from_records.measures).equals(_sorted(from_counts.measures))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows_strategy)
def test_counting_by_hash_and_by_array_give_the_same_cube(codes, rows, monkeypatch):
    """A key with few values is counted in an array, a larger one by hashing: with the
    array switched off, every cube comes out the same."""
    from returns import cube

    places = [*list(codes.local_authority)[:2], None]
    rows = [row | {"local_authority": places[i % 3]} for i, row in enumerate(rows)]
    by_array = cube_from_counts(rows, codes)
    with monkeypatch.context() as patch:
        patch.setattr(cube, "DENSE_SIZE", 0)
        by_hash = cube_from_counts(rows, codes)
    assert _sorted(by_array.cells).equals(_sorted(by_hash.cells))
    assert _sorted(by_array.measures).equals(_sorted(by_hash.measures))
    assert _sorted(by_array.local_authorities).equals(_sorted(by_hash.local_authorities))


@pytest.mark.slow
def test_a_million_records_collapse_to_their_count(codes):
    """Its speed is measured by `make bench-ingest` (stage_collapsing), not here."""
    from demo.generator import generate_records

    records = generate_records(200_000, seed=3)
    big = pl.concat([records] * 5)  # a million rows, ten dimensions varying
    cube = collapse(big, codes)
    assert cube.total == 1_000_000
    assert cube.cells["count"].sum() == 1_000_000

"""The generator: deterministic from a seed, records in the data standard, round trips."""

from datetime import date

import polars as pl
import pytest
from django.core.management import call_command

from demo.generator import generate_area_period, generate_records, records_for_return
from demo.plan import demo_plan
from demo.providers import provider_count
from returns.cube import collapse, load_code_ids
from returns.models import CubeCell, Return
from returns.standard import COLUMNS

TODAY = date(2026, 11, 24)
MEASURES = [
    "cope_everyday",
    "health_wellbeing",
    "feel_safer",
    "informed_empowered",
    "cjs_engage",
    "satisfied",
]
HEADER = [c.name for c in COLUMNS] + MEASURES


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    first, again = (demo_plan(size="small", seed=7, today=TODAY) for _ in range(2))
    other = demo_plan(size="small", seed=8, today=TODAY)
    assert [p.slug for p in first.providers] == [p.slug for p in again.providers]
    assert [p.code for p in first.periods][-1] == "2026-27-H1"
    area = first.areas[0]
    frame = generate_area_period(first, area, 2)
    assert frame.equals(generate_area_period(again, area, 2))
    assert not frame.equals(generate_area_period(other, other.areas[0], 2))
    codes = load_code_ids()
    assert (
        collapse(frame, codes).total == collapse(generate_area_period(again, area, 2), codes).total
    )


@pytest.mark.django_db
def test_sizes_scale_the_volume():
    small, default = demo_plan(size="small", today=TODAY), demo_plan(size="default", today=TODAY)
    assert len(small.areas) == 4 and len(default.areas) == 43
    assert default.size.fraction / small.size.fraction == pytest.approx(15)
    assert provider_count(50_000) == 3 and provider_count(9_000_000) == 15
    with pytest.raises(ValueError, match="Unknown size"):
        demo_plan(size="huge", today=TODAY)


def test_database_holds_exactly_what_the_generator_makes(small_demo):
    """Same seed → same cube totals: regenerate every return and compare with the DB."""
    manifest, _ = small_demo
    plan = demo_plan(size="small", seed=manifest["seed"])
    late = {(slug, area) for slug, area in plan.late}
    generated = 0
    for area in plan.areas:
        providers = plan.providers_in(area.code)
        for index in range(6):
            frame = generate_area_period(plan, area, index)
            for position, spec in enumerate(providers):
                if index == 5 and (spec.slug, area.code) in late:
                    continue
                generated += frame.filter(pl.col("provider") == position).height
    assert generated == manifest["referrals"]


def test_record_files_upload_to_the_stored_cube(small_demo, tmp_path):
    manifest, _ = small_demo
    call_command("write_demo_records", "--size", "small", "--out", str(tmp_path), verbosity=0)
    files = sorted(tmp_path.rglob("*.csv"))
    assert len(files) == Return.objects.count()
    record = (
        Return.objects.filter(current_version__total_referrals__gte=50)
        .select_related("provider", "area", "period", "current_version")
        .first()
    )
    path = tmp_path / record.period.code / record.area.slug / f"{record.provider.slug}.csv"
    data = pl.read_csv(path, infer_schema=False)
    assert data.columns == HEADER
    assert data.height == record.current_version.total_referrals
    assert data["referral_id"].n_unique() == data.height
    dates = data["referral_date"].str.to_date()
    assert dates.min() >= record.period.start and dates.max() <= record.period.end
    canonical = data.with_columns(
        pl.col("interpreter_needed").replace_strict(
            {"Y": True, "N": False}, default=None, return_dtype=pl.Boolean
        )
    )
    cube = collapse(canonical, load_code_ids())
    stored = pl.DataFrame(
        list(CubeCell.objects.filter(version=record.current_version).values(*cube.cells.columns))
    )
    columns = cube.cells.columns
    assert cube.cells.sort(columns, nulls_last=True).equals(
        stored.select(columns).cast(dict(cube.cells.schema)).sort(columns, nulls_last=True)
    )
    same = records_for_return(
        demo_plan(size="small", seed=manifest["seed"]),
        provider_slug=record.provider.slug,
        area_code=record.area.code,
        period_code=record.period.code,
    )
    assert same.height == data.height


@pytest.mark.django_db
def test_generate_records_for_uploads_and_benchmarks():
    records = generate_records(2_000, seed=11, period=(date(2025, 4, 1), date(2025, 9, 30)))
    assert records.height == 2_000
    assert records.columns == HEADER
    assert records["referral_id"].n_unique() == 2_000
    assert records["referral_date"].min() >= date(2025, 4, 1)
    assert records["referral_date"].max() <= date(2025, 9, 30)
    for column in HEADER[2:]:
        if column == "local_authority":  # records of no area say where nobody lives
            assert records[column].null_count() == 2_000
            continue
        assert records[column].n_unique() > 1, column  # every dimension varies
    not_stated = records["ethnicity"].is_in(["PNS", "NK"]).mean()
    assert 0.05 < not_stated < 0.11
    assert records.equals(
        generate_records(2_000, seed=11, period=(date(2025, 4, 1), date(2025, 9, 30)))
    )
    only = generate_records(50, seed=1, ethnicity_weights={"7": 1.0})
    assert set(only["ethnicity"]) <= {"7", "PNS", "NK"}

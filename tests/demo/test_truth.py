"""The manifest tells the truth: planted disparities show in the data, nothing else does."""

import pytest
from django.db.models import Sum

from returns.models import CubeCell, ReturnVersion

NOT_STATED = ("PNS", "NK")


def current_cells(area_code: str):
    return CubeCell.objects.filter(
        version__status="current", version__return_record__area__code=area_code
    )


def stated_by_group(area_code: str) -> dict[str, int]:
    rows = (
        current_cells(area_code)
        .exclude(ethnicity__code__in=NOT_STATED)
        .values_list("ethnicity__code")
        .annotate(n=Sum("count"))
    )
    return dict(rows)


def total(queryset) -> int:
    return queryset.aggregate(n=Sum("count"))["n"] or 0


def test_manifest_lists_planted_disparities_in_the_generated_areas(small_demo):
    manifest, path = small_demo
    assert path.exists()
    areas = set(manifest["expected_referrals_by_area_and_group"])
    assert len(areas) == 4
    kinds = {entry["what"] for entry in manifest["planted"]}
    assert kinds == {
        "under_representation",
        "higher_dropout",
        "fewer_self_referrals",
        "low_ethnicity_recording",
    }
    for entry in manifest["planted"]:
        assert entry["area"] in areas and entry["area_name"]
        assert set(entry) >= {"area", "group", "what", "effect", "provider", "periods"}
        assert (entry["provider"] is None) == (entry["what"] != "low_ethnicity_recording")


def test_under_represented_groups_are_well_below_their_benchmark(small_demo):
    manifest, _ = small_demo
    planted = [e for e in manifest["planted"] if e["what"] == "under_representation"]
    observed = expected = 0.0
    for entry in planted:
        counts = stated_by_group(entry["area"])
        share = counts.get(entry["group"], 0) / sum(counts.values())
        observed += share
        expected += entry["benchmark_share"]
        if entry["group"] == "1":  # Bangladeshi in the Metropolitan area: the largest count
            assert share / entry["benchmark_share"] < 0.65
    assert observed / expected < 0.6


def test_unplanted_groups_follow_the_benchmark(small_demo):
    manifest, _ = small_demo
    planted = {
        (e["area"], e["group"]) for e in manifest["planted"] if e["what"] == "under_representation"
    }
    checked = 0
    for area, expected in manifest["expected_referrals_by_area_and_group"].items():
        counts = stated_by_group(area)
        for group, n in expected.items():
            if n < 150 or (area, group) in planted:
                continue
            ratio = (counts.get(group, 0) / sum(counts.values())) / (n / sum(expected.values()))
            assert 0.8 < ratio < 1.2, (area, group, ratio)
            checked += 1
    assert checked >= 6


def _rate(cells, numerator: dict, denominator: dict) -> float:
    return total(cells.filter(**numerator)) / total(cells.filter(**denominator))


def test_higher_dropout_is_planted_only_where_listed(small_demo):
    manifest, _ = small_demo
    (entry,) = [e for e in manifest["planted"] if e["what"] == "higher_dropout"]
    cells = current_cells(entry["area"]).filter(outcome__accepted=True)
    group = cells.filter(ethnicity__code=entry["group"])
    rest = cells.exclude(ethnicity__code__in=(entry["group"], *NOT_STATED))
    dropout = {"outcome__attrition": True}
    assert _rate(group, dropout, {}) / _rate(rest, dropout, {}) > 1.5
    assert 0.1 < _rate(rest, dropout, {}) < 0.2


def test_fewer_self_referrals_where_planted(small_demo):
    manifest, _ = small_demo
    entries = [e for e in manifest["planted"] if e["what"] == "fewer_self_referrals"]
    planted_self = planted_all = rest_self = rest_all = 0
    for entry in entries:
        cells = current_cells(entry["area"])
        group = cells.filter(ethnicity__code=entry["group"])
        rest = cells.exclude(ethnicity__code__in=(entry["group"], *NOT_STATED))
        planted_self += total(group.filter(pathway__code="SELF"))
        planted_all += total(group)
        rest_self += total(rest.filter(pathway__code="SELF"))
        rest_all += total(rest)
    assert (planted_self / planted_all) / (rest_self / rest_all) < 0.5


def test_low_ethnicity_recording_at_the_listed_providers(small_demo):
    manifest, _ = small_demo
    low = {e["provider"] for e in manifest["planted"] if e["what"] == "low_ethnicity_recording"}
    assert len(low) == 2
    versions = ReturnVersion.objects.filter(status="current").values_list(
        "return_record__provider__slug"
    )
    totals = versions.annotate(s=Sum("stated_ethnicity"), n=Sum("total_referrals")).values_list(
        "return_record__provider__slug", "s", "n"
    )
    coverage = {slug: (stated / n, n) for slug, stated, n in totals if n}
    for slug in low:
        assert coverage[slug][0] < 0.75, (slug, coverage[slug])
    others = [c for slug, (c, n) in coverage.items() if slug not in low and n >= 100]
    assert min(others) > 0.85
    assert sum(others) / len(others) == pytest.approx(0.92, abs=0.03)

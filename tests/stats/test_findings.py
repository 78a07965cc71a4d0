"""stats.findings: verdicts, the small-numbers rule, adjusted intervals and the missing-ethnicity
bounds, with the false-coverage-rate intervals checked against statsmodels."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from stats import (
    HIGHER_NOT_CONFIRMED,
    LOWER_NOT_CONFIRMED,
    MIN_EXPECTED,
    NO_BENCHMARK,
    NO_EVIDENCE,
    OVER,
    SCALE,
    TOO_FEW,
    UNDER,
    Finding,
    assess_family,
    classify_ratio,
    depends_on_missing,
    representation_findings,
    representation_ratio,
)

SETTINGS = settings(max_examples=300, deadline=None, database=None)


def test_four_where_twenty_five_were_expected_is_flagged():
    # N = 908, π = 2.75%: E ≈ 25. Four referrals (p ≈ 4e-7) must look at least as bad as
    # the old rule made zero look; "too few to tell" is decided by E, not by O.
    for observed in (0, 4, 9):
        ratio = representation_ratio(observed, 908, 0.0275)
        assert classify_ratio(ratio, significant=True) == UNDER
        assert classify_ratio(ratio, significant=False) == LOWER_NOT_CONFIRMED


@pytest.mark.parametrize(
    ("observed", "total", "share", "significant", "verdict"),
    [
        (0, 9, 0.5, True, UNDER),  # 0 of 9 where 4.5 expected: p = 0.004, the test can tell
        (0, 30, 0.1, True, TOO_FEW),  # expected 3 < 5, 0 seen: p = 0.08, cannot tell
        (2, 40, 0.1, False, TOO_FEW),  # expected 4 < 5, interval includes 1
        (0, 50, 0.1, True, UNDER),  # expected 5, none seen: a true zero is a finding
        (20, 1000, 0.05, True, UNDER),  # 2% against 5%
        (20, 1000, 0.05, False, LOWER_NOT_CONFIRMED),  # clear of 1 alone, not after control
        (120, 1000, 0.05, True, OVER),
        (120, 1000, 0.05, False, HIGHER_NOT_CONFIRMED),
        (52, 1000, 0.05, True, NO_EVIDENCE),  # interval straddles 1
        (0, 0, 0.05, False, TOO_FEW),  # no one with a stated ethnicity: nothing expected
        (4, 100, 0.0, False, NO_BENCHMARK),  # nobody in the group lives in the area
        (0, 100, 0.0, False, NO_BENCHMARK),
    ],
)
def test_classification_rule(observed, total, share, significant, verdict):
    assert classify_ratio(representation_ratio(observed, total, share), significant) == verdict


@SETTINGS
@given(
    st.one_of(st.integers(1, 60), st.integers(61, 3000)),
    st.floats(1e-3, 0.999),
    st.sampled_from([0.05, 0.01, 0.05 / 38, 0.05 * 3 / 817]),
)
def test_fewer_referrals_never_look_better(total, share, threshold):
    # The verdict is monotone in the observed count with N, π and the family's threshold
    # fixed: walking O from 0 to N never steps down the scale (under … over).
    scale = []
    for observed in range(total + 1):
        ratio = representation_ratio(observed, total, share)
        verdict = classify_ratio(ratio, ratio.p_value <= threshold)
        scale.append(SCALE[verdict])
    assert scale == sorted(scale)


@SETTINGS
@given(
    st.integers(20, 400),
    st.floats(0.01, 0.5),
    st.lists(st.integers(0, 200), min_size=2, max_size=6),
)
def test_fewer_referrals_never_look_better_within_a_family(total, share, others):
    # Inside a Benjamini–Hochberg family, with the other groups' counts fixed and the
    # remainder in a group that is not tested, the group's verdict is still monotone.
    benchmarks = {"g": share, **{f"o{i}": 0.05 for i in range(len(others))}}
    scale = []
    for observed in range(0, total + 1, max(1, total // 60)):
        counts = {"g": observed, "rest": total - observed}
        counts.update({f"o{i}": n for i, n in enumerate(others)})
        finding = representation_findings(counts, benchmarks)[0]
        scale.append(SCALE[finding.verdict])
    assert scale == sorted(scale)


@st.composite
def families(draw):
    total = draw(st.one_of(st.integers(0, 30), st.integers(31, 20000)))
    m = draw(st.integers(1, 12))
    shares = draw(st.lists(st.floats(1e-3, 0.3), min_size=m, max_size=m))
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=m, max_size=m)))
    observed = [cuts[0]] + [b - a for a, b in zip(cuts, cuts[1:], strict=False)]
    return [representation_ratio(o, total, s) for o, s in zip(observed, shares, strict=True)]


@SETTINGS
@given(families(), st.sampled_from([0.05, 0.01]))
def test_adjusted_intervals_match_statsmodels_and_agree_with_the_flags(ratios, q):
    family, assessed = assess_family(ratios, q)
    p = [r.p_value for r in ratios if r.p_value is not None]
    if not p:
        assert family.size == 0 and all(a.adjusted is None for a in assessed)
        return
    rejected, *_ = multipletests(p, alpha=q, method="fdr_bh")
    big_r = int(rejected.sum())
    assert (family.size, family.rejections) == (len(p), big_r)
    assert family.confidence == pytest.approx(1 - max(big_r, 1) * q / len(p))
    for a in assessed:
        r = a.ratio
        low, high = proportion_confint(
            r.observed, r.total, alpha=max(big_r, 1) * q / len(p), method="beta"
        )
        low, high = (0.0 if math.isnan(low) else low), (1.0 if math.isnan(high) else high)
        pi = r.benchmark_share
        assert a.adjusted.low == pytest.approx(low / pi, rel=1e-9, abs=1e-12)
        assert a.adjusted.high == pytest.approx(high / pi, rel=1e-9)
        # A flag exactly where the adjusted interval is clear of 1.
        if a.flag:
            assert a.adjusted.excludes(1.0)
        elif abs(r.p_value - max(big_r, 1) * q / len(p)) > 1e-12:
            assert a.adjusted.contains(1.0) or not a.significant
        # Never "no evidence" beside a 95% interval clear of 1.
        if a.verdict in (NO_EVIDENCE, TOO_FEW):
            assert r.interval.contains(1.0)


def test_adjusted_intervals_on_tiny_and_zero_counts():
    ratios = [
        representation_ratio(0, 40, 0.2),  # 0 where 8 were expected
        representation_ratio(1, 40, 0.01),
        representation_ratio(0, 40, 0.01),  # E = 0.4
        representation_ratio(39, 40, 0.5),
    ]
    family, assessed = assess_family(ratios)
    assert family.size == 4 and family.rejections == 2
    for a in assessed:
        low, high = proportion_confint(a.ratio.observed, 40, alpha=2 * 0.05 / 4, method="beta")
        low = 0.0 if math.isnan(low) else low
        assert a.adjusted.low == pytest.approx(low / a.ratio.benchmark_share, abs=1e-12)
        assert a.adjusted.high == pytest.approx(high / a.ratio.benchmark_share, rel=1e-9)
    assert [a.verdict for a in assessed] == [UNDER, TOO_FEW, TOO_FEW, OVER]


def test_no_benchmark_is_outside_the_family():
    family, assessed = assess_family(
        [representation_ratio(4, 100, 0.0), representation_ratio(2, 100, 0.1)]
    )
    assert family.size == 1
    assert assessed[0].verdict == NO_BENCHMARK and assessed[0].adjusted is None
    assert MIN_EXPECTED == 5.0


def test_depends_on_missing_examples():
    # 50 of 1000 against 8%: clearly under (interval 0.48–0.82 of benchmark)...
    assert representation_ratio(50, 1000, 0.08).high < 1
    # ...but if 200 not-stated were all in the group, 250/1200 = 21% would be over.
    assert depends_on_missing(50, 1000, 200, 0.08) is True
    # With only 5 not stated the finding stands either way.
    assert depends_on_missing(50, 1000, 5, 0.08) is False
    # Nothing missing: nothing depends on it.
    assert depends_on_missing(50, 1000, 0, 0.08) is False
    # Nobody stated: everything depends on the missing.
    assert depends_on_missing(0, 0, 30, 0.2) is True
    assert depends_on_missing(0, 0, 0, 0.2) is False


@SETTINGS
@given(st.integers(0, 10**4), st.integers(0, 10**4), st.integers(0, 10**4), st.floats(1e-3, 1.0))
def test_depends_on_missing_matches_direct_bounds(observed, others, missing, share):
    total = observed + others

    def direction(o, n):
        r = representation_ratio(o, n, share)
        if r.low is None:
            return None
        return "under" if r.high < 1 else "over" if r.low > 1 else "none"

    expected = (
        missing > 0
        and len(
            {
                direction(observed, total),
                direction(observed + missing, total + missing),
                direction(observed, total + missing),
            }
        )
        > 1
    )
    assert depends_on_missing(observed, total, missing, share) == expected


def test_representation_findings_family():
    counts = {"Asian": 60, "Black": 150, "Mixed": 20, "White": 760, "Other": 10}
    benchmarks = {"Asian": 0.10, "Black": 0.05, "Mixed": 0.03, "White": 0.80, "Other": 0.02}
    findings = representation_findings(counts, benchmarks, not_stated=40)
    assert [f.group for f in findings] == list(benchmarks)
    assert all(isinstance(f, Finding) for f in findings)
    by_group = {f.group: f for f in findings}
    assert by_group["Asian"].verdict == UNDER
    assert by_group["Black"].verdict == OVER
    assert by_group["Mixed"].verdict == NO_EVIDENCE
    assert by_group["Asian"].adjusted.high < 1 < by_group["Mixed"].adjusted.high
    assert by_group["Black"].ratio.total == 1000
    assert by_group["Asian"].p_adjusted >= by_group["Asian"].ratio.p_value


def test_representation_findings_groups_without_benchmark_count_in_total():
    (finding,) = representation_findings({"A": 10, "B": 90}, {"A": 0.1})
    assert finding.ratio.total == 100 and finding.ratio.ratio == pytest.approx(1.0)
    assert finding.verdict == NO_EVIDENCE
    assert representation_findings({}, {"A": 0.1})[0].verdict == TOO_FEW


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: depends_on_missing(5, 10, -1, 0.2), "not_stated must not be negative"),
        (lambda: depends_on_missing(11, 10, 1, 0.2), "cannot exceed"),
        (lambda: depends_on_missing(1, 10, 1, 1.5), "benchmark_share"),
        (lambda: representation_findings({"A": -1}, {"A": 0.5}), "count for A"),
        (lambda: representation_findings({"A": 1}, {"A": 0.5}, q=0), "q must"),
        (lambda: representation_findings({"A": 1}, {"A": 0.5}, q=0.1), "q must be at most"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()

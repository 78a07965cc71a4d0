"""stats.findings: verdicts, the small-numbers rule and the missing-ethnicity bounds."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stats import (
    MIN_BASE,
    NO_EVIDENCE,
    OVER,
    TOO_FEW,
    UNDER,
    Finding,
    classify_ratio,
    depends_on_missing,
    representation_findings,
    representation_ratio,
)

SETTINGS = settings(max_examples=300, deadline=None, database=None)


def test_three_referrals_are_never_flagged():
    # 3 of 1000 against a 1% benchmark: interval 0.10–0.88 lies below 1 and p = 0.026,
    # but a count of 3 is suppressed under the 10-5 rule and too small to rest a finding on.
    ratio = representation_ratio(3, 1000, 0.01)
    assert ratio.high < 1 and ratio.p_value < 0.05
    assert classify_ratio(ratio, significant=True) == TOO_FEW
    assert classify_ratio(ratio, significant=False) == TOO_FEW
    (finding,) = representation_findings({"Roma": 3, "Rest": 997}, {"Roma": 0.01})
    assert finding.verdict == TOO_FEW


@SETTINGS
@given(
    st.integers(1, MIN_BASE - 1), st.integers(MIN_BASE, 10**6), st.floats(1e-4, 1.0), st.booleans()
)
def test_counts_one_to_nine_are_always_too_few(observed, total, share, significant):
    ratio = representation_ratio(observed, total, share)
    assert classify_ratio(ratio, significant) == TOO_FEW


@pytest.mark.parametrize(
    ("observed", "total", "share", "significant", "verdict"),
    [
        (0, 9, 0.5, True, TOO_FEW),  # base under 10
        (0, 40, 0.1, True, TOO_FEW),  # expected 4 < 5: cannot support a finding
        (0, 50, 0.1, True, UNDER),  # expected 5, none seen: a true zero is a finding
        (20, 1000, 0.05, True, UNDER),  # 2% against 5%
        (20, 1000, 0.05, False, NO_EVIDENCE),  # not significant after BH: no evidence
        (120, 1000, 0.05, True, OVER),
        (52, 1000, 0.05, True, NO_EVIDENCE),  # interval straddles 1
        (0, 0, 0.05, False, TOO_FEW),  # no one with a stated ethnicity
    ],
)
def test_classification_rule(observed, total, share, significant, verdict):
    assert classify_ratio(representation_ratio(observed, total, share), significant) == verdict


@SETTINGS
@given(st.integers(1, 10**5), st.floats(0, 1), st.floats(1e-3, 0.999), st.booleans())
def test_flags_agree_with_the_interval(total, position, share, significant):
    observed = round(position * total)
    ratio = representation_ratio(observed, total, share)
    verdict = classify_ratio(ratio, significant)
    if verdict == UNDER:
        assert significant and ratio.high < 1 and (observed == 0 or observed >= MIN_BASE)
    if verdict == OVER:
        assert significant and ratio.low > 1 and observed >= MIN_BASE
    if verdict in (UNDER, OVER):
        assert total >= MIN_BASE and total * share >= 5


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
        (lambda: depends_on_missing(1, 10, 1, 0.0), "benchmark_share"),
        (lambda: representation_findings({"A": -1}, {"A": 0.5}), "count for A"),
        (lambda: representation_findings({"A": 1}, {"A": 0.5}, q=0), "q must"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()

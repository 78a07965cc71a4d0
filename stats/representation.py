"""Representation ratio: a group's share of service users against its benchmark share."""

from dataclasses import dataclass

from ._checks import check_part_of_whole, check_probability
from .exact import binomial_test, clopper_pearson
from .proportions import Interval


@dataclass(frozen=True)
class Ratio:
    """A group's representation among service users against a benchmark.

    ``observed`` of ``total`` (stated ethnicity only) belong to the group; ``share`` is
    observed/total; ``ratio`` is share/benchmark_share with its 95% interval [low, high];
    ``p_value`` is the two-sided exact binomial test of share = benchmark_share. When
    total is 0 the share, ratio, limits and p-value are None (nothing to compare, not
    "no difference"). A benchmark share of 0 (nobody in the group lives in the area)
    gives no ratio, limits or p-value either: there is no benchmark (GSS symbol [z]).
    """

    observed: int
    total: int
    share: float | None
    benchmark_share: float
    ratio: float | None
    low: float | None
    high: float | None
    p_value: float | None

    @property
    def expected(self) -> float:
        """Expected count under the benchmark, E = N·π (the basis of the too-few rule)."""
        return self.total * self.benchmark_share

    @property
    def has_benchmark(self) -> bool:
        return self.benchmark_share > 0.0

    @property
    def interval(self) -> Interval | None:
        """The ratio's confidence interval as an ``Interval`` (None when there is none)."""
        if self.low is None or self.high is None:
            return None
        return Interval(self.low, self.high)

    def interval_at(self, confidence: float) -> Interval | None:
        """The ratio's exact interval at another level (e.g. false-coverage-rate adjusted)."""
        if not self.has_benchmark:
            return None
        interval = clopper_pearson(self.observed, self.total, confidence)
        if interval is None:
            return None
        return Interval(interval.low / self.benchmark_share, interval.high / self.benchmark_share)


def representation_ratio(
    observed: int, total: int, benchmark_share: float, confidence: float = 0.95
) -> Ratio:
    """Representation ratio RR = (O/N) / π with an exact (Clopper–Pearson) interval.

    Formula: s = O/N; RR = s/π; interval = [CP_low(O, N), CP_high(O, N)] / π, with the
    benchmark share π treated as fixed (a Census share has negligible sampling error next
    to a service's counts); p-value from the two-sided exact binomial test of O against
    Binomial(N, π), the test the Clopper–Pearson interval inverts, so "p <= α" and "the
    1 − α interval excludes 1" agree at every count (docs/statistical-methods.md).
    Sources: Clopper and Pearson (1934); Agresti, *Categorical Data Analysis*, §1.4.

    ``total`` is the number with a stated ethnicity (shares exclude not stated).
    total == 0 gives share/ratio/limits/p-value None; π == 0 gives a share but no ratio,
    limits or p-value (no benchmark). Raises ValueError for bad counts, observed > total,
    or π outside [0, 1].
    """
    x, n = check_part_of_whole("observed", observed, "total", total)
    pi = check_probability("benchmark_share", benchmark_share)
    share = x / n if n else None
    if n == 0 or pi == 0.0:
        return Ratio(x, n, share, pi, None, None, None, None)
    interval = clopper_pearson(x, n, confidence)
    return Ratio(
        observed=x,
        total=n,
        share=share,
        benchmark_share=pi,
        ratio=share / pi,
        low=interval.low / pi,
        high=interval.high / pi,
        p_value=binomial_test(x, n, pi),
    )

"""Representation ratio: a group's share of service users against its benchmark share."""

from dataclasses import dataclass

from ._checks import check_open_unit, check_part_of_whole, check_probability
from .exact import binomial_test, clopper_pearson
from .proportions import Interval


@dataclass(frozen=True)
class Ratio:
    """A group's representation among service users against a benchmark.

    ``observed`` of ``total`` (stated ethnicity only) belong to the group; ``share`` is
    observed/total; ``ratio`` is share/benchmark_share with its exact interval [low, high]
    at ``confidence``; ``p_value`` is the two-sided exact binomial test of share =
    benchmark_share. When total is 0 the share, ratio, limits and p-value are None
    (nothing to compare, not "no difference"). A benchmark share of 0 (nobody in the group
    lives in the area) gives no ratio, limits or p-value either: there is no benchmark
    (GSS symbol [z]). The limits are computed when first read: the verdict needs only the
    p-value, since the interval excludes 1 exactly when p < 1 − confidence.
    """

    observed: int
    total: int
    share: float | None
    benchmark_share: float
    ratio: float | None
    p_value: float | None
    confidence: float = 0.95

    @property
    def expected(self) -> float:
        """Expected count under the benchmark, E = N·π (the basis of the too-few rule)."""
        return self.total * self.benchmark_share

    @property
    def has_benchmark(self) -> bool:
        return self.benchmark_share > 0.0

    @property
    def interval(self) -> Interval | None:
        """The ratio's exact interval at ``confidence`` (None when there is no ratio)."""
        return self.interval_at(self.confidence)

    @property
    def low(self) -> float | None:
        interval = self.interval
        return None if interval is None else interval.low

    @property
    def high(self) -> float | None:
        interval = self.interval
        return None if interval is None else interval.high

    @property
    def side(self) -> str | None:
        """ "below" or "above" when the interval at ``confidence`` lies wholly on that side of
        1 (p < 1 − confidence, the test the interval inverts), else None."""
        if self.p_value is None or self.p_value >= 1.0 - self.confidence:
            return None
        return "below" if self.ratio < 1.0 else "above"

    def interval_at(self, confidence: float) -> Interval | None:
        """The ratio's exact interval at any level (e.g. false-coverage-rate adjusted)."""
        if self.ratio is None:
            return None
        interval = clopper_pearson(self.observed, self.total, confidence)
        return Interval(interval.low / self.benchmark_share, interval.high / self.benchmark_share)


def representation_ratio(
    observed: int, total: int, benchmark_share: float, confidence: float = 0.95
) -> Ratio:
    """Representation ratio RR = (O/N) / π with an exact (Clopper–Pearson) interval.

    Formula: s = O/N; RR = s/π; interval = [CP_low(O, N), CP_high(O, N)] / π, with the
    benchmark share π treated as fixed (a Census share has negligible sampling error next
    to a service's counts); p-value from the two-sided exact binomial test of O against
    Binomial(N, π), the test the Clopper–Pearson interval inverts, so "p < α" and "the
    1 − α interval excludes 1" agree at every count (docs/statistical-methods.md).
    Sources: Clopper and Pearson (1934); Agresti, *Categorical Data Analysis*, §1.4.

    ``total`` is the number with a stated ethnicity (shares exclude not stated).
    total == 0 gives share/ratio/limits/p-value None; π == 0 gives a share but no ratio,
    limits or p-value (no benchmark). Raises ValueError for bad counts, observed > total,
    or π outside [0, 1].
    """
    x, n = check_part_of_whole("observed", observed, "total", total)
    pi = check_probability("benchmark_share", benchmark_share)
    confidence = check_open_unit("confidence", confidence)
    share = x / n if n else None
    if n == 0 or pi == 0.0:
        return Ratio(x, n, share, pi, None, None, confidence)
    return Ratio(x, n, share, pi, share / pi, binomial_test(x, n, pi), confidence)

"""Representation ratio: a group's share of service users against its benchmark share."""

from dataclasses import dataclass

from ._checks import check_part_of_whole, check_share
from .proportions import Interval, proportion_score_test, wilson_interval


@dataclass(frozen=True)
class Ratio:
    """A group's representation among service users against a benchmark.

    ``observed`` of ``total`` (stated ethnicity only) belong to the group; ``share`` is
    observed/total; ``ratio`` is share/benchmark_share with interval [low, high];
    ``p_value`` is the two-sided score test of share = benchmark_share. When total is 0
    the share, ratio, limits and p-value are None (nothing to compare, not "no difference").
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
    def interval(self) -> Interval | None:
        """The ratio's confidence interval as an ``Interval`` (None when total is 0)."""
        if self.low is None or self.high is None:
            return None
        return Interval(self.low, self.high)


def representation_ratio(
    observed: int, total: int, benchmark_share: float, confidence: float = 0.95
) -> Ratio:
    """Representation ratio RR = (O/N) / π with a Wilson-based interval.

    Formula: s = O/N; RR = s/π; interval = [Wilson_low(O, N), Wilson_high(O, N)] / π,
    with the benchmark share π treated as fixed (a Census share has negligible sampling
    error next to a service's counts); p-value from the score test
    z = (O − Nπ)/√(Nπ(1 − π)), which is the test the Wilson interval inverts, so
    "p < α" and "the interval excludes 1" agree. Sources: Wilson (1927); OHID
    Fingertips "Proportions"; Reach research notes §b3 (domain.md).

    ``total`` is the number with a stated ethnicity (DESIGN.md: shares exclude not
    stated). total == 0 gives share/ratio/limits/p-value None. Raises ValueError for
    bad counts, observed > total, or π outside (0, 1].
    """
    x, n = check_part_of_whole("observed", observed, "total", total)
    pi = check_share("benchmark_share", benchmark_share)
    interval = wilson_interval(x, n, confidence)
    if interval is None:
        return Ratio(x, n, None, pi, None, None, None, None)
    share = x / n
    return Ratio(
        observed=x,
        total=n,
        share=share,
        benchmark_share=pi,
        ratio=share / pi,
        low=interval.low / pi,
        high=interval.high / pi,
        p_value=proportion_score_test(x, n, pi),
    )

"""How victims in each group fare: the stages of support and the outcome measures.

Each rate is over the previous stage (docs/statistical-methods.md, "Rates at each
stage"): contact over valid referrals, acceptance over those contacted,
completion and drop-out (the guidance's "attrition/dropout") over accepted cases that
closed, each outcome measure over those asked. Referrals whose stage is unknown leave the
denominator rather than counting as a "no". Each group is compared with the rest of the
area's service users with a stated ethnicity (Newcombe interval on the difference), and
flags are controlled for the false discovery rate over the whole table.
"""

from collections import Counter
from dataclasses import dataclass, field

import stats
from monitoring import verdicts
from monitoring.groups import GroupKey, group_key

# (key, title, numerator flag, denominator: outcomes where this flag is known, given a stage)
STAGES = [
    ("contact", "Contacted", "contacted", "valid"),
    ("acceptance", "Accepted support", "accepted", "contacted"),
    ("completion", "Support completed", "completed", "closed_accepted"),
    ("attrition", "Dropped out", "attrition", "closed_accepted"),
]


@dataclass
class Rate:
    key: str
    title: str
    numerator: int
    denominator: int
    interval: stats.Interval | None
    difference: stats.Difference | None = None  # this group minus the rest
    p_value: float | None = None
    significant: bool = False

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def small_base(self) -> bool:
        return self.denominator < stats.MIN_BASE

    @property
    def verdict(self) -> str:
        """The finding against the rest (monitoring/verdicts.py ``difference_verdict``)."""
        return verdicts.difference_verdict(self.significant, self.difference, self.small_base)

    @property
    def flag(self) -> str | None:
        """'higher' or 'lower' than the rest, only when significant after FDR control."""
        return self.verdict if self.verdict in (verdicts.HIGHER, verdicts.LOWER) else None


@dataclass
class GroupOutcomes:
    group: GroupKey
    referrals: int
    rates: dict[str, Rate] = field(default_factory=dict)


def _stage_counts(by_outcome: Counter, outcomes: dict) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) for each stage from referrals by outcome id."""
    sums = Counter()
    for outcome_id, n in by_outcome.items():
        o = outcomes[outcome_id]
        if o.valid:
            if o.contacted is not None:
                sums["valid"] += n
                sums["contacted_n"] += n if o.contacted else 0
            if o.contacted and o.accepted is not None:
                sums["contacted"] += n
                sums["accepted_n"] += n if o.accepted else 0
            if o.accepted and o.closed:
                if o.completed is not None:
                    sums["closed_accepted"] += n
                    sums["completed_n"] += n if o.completed else 0
                if o.attrition is not None:
                    sums["closed_accepted_a"] += n
                    sums["attrition_n"] += n if o.attrition else 0
    return {
        "contact": (sums["contacted_n"], sums["valid"]),
        "acceptance": (sums["accepted_n"], sums["contacted"]),
        "completion": (sums["completed_n"], sums["closed_accepted"]),
        "attrition": (sums["attrition_n"], sums["closed_accepted_a"]),
    }


def outcomes_table(
    by_group_outcome: Counter,
    measures: Counter,
    groups: dict,
    outcomes: dict,
    measure_rows: dict,
    answers: dict,
    level: str,
    q: float = 0.05,
) -> list[GroupOutcomes]:
    """Rates by group at one level. `by_group_outcome`: (ethnicity id, outcome id) → n;
    `measures`: (ethnicity id, measure id, answer id) → n."""
    per_group: dict[str, Counter] = {}
    keys: dict[str, GroupKey] = {}
    for (eth, outcome), n in by_group_outcome.items():
        key = group_key(groups[eth], level)
        if key is None:
            continue
        keys[key.key] = key
        per_group.setdefault(key.key, Counter())[outcome] += n
    measure_counts: dict[str, Counter] = {}
    for (eth, measure, answer), n in measures.items():
        key = group_key(groups[eth], level)
        if key is None:
            continue
        a = answers[answer]
        if a.asked:
            measure_counts.setdefault(key.key, Counter())[(measure, "asked")] += n
            if a.positive:
                measure_counts[key.key][(measure, "positive")] += n

    stage_totals = {k: _stage_counts(c, outcomes) for k, c in per_group.items()}
    overall = {
        stage: (
            sum(t[stage][0] for t in stage_totals.values()),
            sum(t[stage][1] for t in stage_totals.values()),
        )
        for stage, *_ in STAGES
    }
    measure_overall = Counter()
    for c in measure_counts.values():
        measure_overall.update(c)

    table, tests = [], []
    for key in sorted(keys.values(), key=lambda k: k.order):
        row = GroupOutcomes(group=key, referrals=sum(per_group[key.key].values()))
        for stage, title, *_ in STAGES:
            x, n = stage_totals[key.key][stage]
            row.rates[stage] = _rate(stage, title, x, n, *overall[stage])
            tests.append(row.rates[stage])
        for measure_id, measure in sorted(measure_rows.items(), key=lambda m: m[1].order):
            counts = measure_counts.get(key.key, Counter())
            x, n = counts[(measure_id, "positive")], counts[(measure_id, "asked")]
            all_x, all_n = (
                measure_overall[(measure_id, "positive")],
                measure_overall[(measure_id, "asked")],
            )
            rate = _rate(measure.code.lower(), measure.label, x, n, all_x, all_n)
            row.rates[rate.key] = rate
            tests.append(rate)
        table.append(row)
    p_values = [r.p_value for r in tests]
    for rate, significant in zip(tests, stats.benjamini_hochberg(p_values, q), strict=True):
        rate.significant = significant
    return table


def _rate(key, title, x, n, all_x, all_n) -> Rate:
    rest_x, rest_n = all_x - x, all_n - n
    rate = Rate(
        key=key, title=title, numerator=x, denominator=n, interval=stats.wilson_interval(x, n)
    )
    if n and rest_n:
        rate.difference = stats.newcombe_difference(x, n, rest_x, rest_n)
        rate.p_value = stats.two_proportion_p_value(x, n, rest_x, rest_n)
    return rate

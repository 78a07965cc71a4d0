"""Key findings: what an area's figures say, in a few plain sentences, before any table.

One function builds the sentences; the area dashboard shows them first and the bi-annual
return carries the same words. Each sentence rests on a flag from the statistics (a
difference that survived the false discovery rate control), never on a raw difference.
"""

from monitoring import groups
from monitoring.benchmarks import NEED, POPULATION
from monitoring.dashboard import Dashboard

BENCHMARK_WORDS = {POPULATION: "the population", NEED: "need"}


def about(number: float) -> str:
    """A gap in referrals as a person would say it: "about 120", "about 45", "6"."""
    n = abs(number)
    if n >= 1000:
        return f"about {round(n, -2):,.0f}"
    if n >= 100:
        return f"about {round(n, -1):,.0f}"
    if n >= 20:
        return f"about {5 * round(n / 5):.0f}"
    return f"about {round(n):.0f}"


def _victims(label: str) -> str:
    return f"{label} victims" if not label.lower().startswith(("any other", "other")) else label


def _gap_phrase(comparison, benchmark: str) -> str:
    gap = comparison.gap
    words = "fewer" if gap < 0 else "more"
    return f"{about(gap)} {words} referred than {BENCHMARK_WORDS[benchmark]} suggests"


def _representation(d: Dashboard, verdict: str) -> list[str]:
    """One sentence per flagged group (19 groups; a 5-group flag whose members are not
    flagged themselves is added), naming the gap against each benchmark."""
    out = []
    detailed = d.representation[groups.DETAILED]
    named = set()
    for view in (detailed, d.representation[groups.FIVE]):
        for row in view.rows:
            flagged = [(name, c) for name, c in row.comparisons.items() if c.verdict == verdict]
            if not flagged or row.group.label in named:
                continue
            if view is not detailed and any(
                r.comparisons[name].verdict == verdict
                for r in detailed.rows
                for name, _ in flagged
                if r.group.parent == row.group.key
            ):
                continue
            named.add(row.group.label)
            phrases = " and ".join(_gap_phrase(c, name) for name, c in flagged)
            out.append(
                f"{_victims(row.group.label)}: {phrases} "
                f"({row.count:,} referred{_expected(flagged)})."
            )
    return out


def _expected(flagged) -> str:
    parts = [
        f"{about(c.ratio.expected)} expected from {BENCHMARK_WORDS[name]}" for name, c in flagged
    ]
    return ", " + ", ".join(parts) if parts else ""


def _dropout(d: Dashboard) -> list[str]:
    out = []
    for group in d.outcomes:
        rate = group.rates.get("attrition")
        if rate is None or rate.flag != "higher":
            continue
        rest = rate.value - rate.difference.diff
        out.append(
            f"Drop-out is higher among {_victims(group.group.label)}: {rate.value:.0%} of "
            f"those who accepted support dropped out, against {rest:.0%} of everyone else."
        )
    return out


def _police(d: Dashboard) -> list[str]:
    out = []
    for c in d.pathway_comparisons:
        if c.flag != "higher" or "police" not in c.pathway_label.lower():
            continue
        rest = c.share - c.difference.diff
        out.append(
            f"{_victims(c.group.label)} rely more on police referral: {c.share:.0%} came "
            f"through the police, against {rest:.0%} of everyone else."
        )
    for c in d.pathway_comparisons:
        if c.flag != "lower" or "self" not in c.pathway_label.lower():
            continue
        rest = c.share - c.difference.diff
        out.append(
            f"Fewer {_victims(c.group.label)} refer themselves: {c.share:.0%}, against "
            f"{rest:.0%} of everyone else."
        )
    return out


def _change(d: Dashboard) -> list[str]:
    if d.change is None:
        return []
    latest, before = d.change
    was = {
        (row.group.key, name): c.verdict
        for row in before.rows
        for name, c in row.comparisons.items()
    }
    newly, no_longer = [], []
    for row in latest.rows:
        for name, c in row.comparisons.items():
            old = was.get((row.group.key, name))
            if c.verdict == "under" and old != "under":
                newly.append(f"{row.group.label} (against {BENCHMARK_WORDS[name]})")
            elif old == "under" and c.verdict != "under":
                no_longer.append(f"{row.group.label} (against {BENCHMARK_WORDS[name]})")
    before_words = d.periods[-2].label if len(d.periods) > 1 else "the period before"
    out = []
    if newly:
        out.append(f"Newly under-represented compared with {before_words}: {', '.join(newly)}.")
    if no_longer:
        out.append(
            f"No longer under-represented compared with {before_words}: {', '.join(no_longer)}."
        )
    if not newly and not no_longer:
        out.append(
            f"Compared with {before_words}, no group has become or stopped being under-represented."
        )
    return out


def key_findings(d: Dashboard) -> list[str]:
    """The area's key findings as plain sentences, most important first."""
    if not d.total:
        return ["There are no referrals in the returns for this period."]
    out = _representation(d, "under")
    if not out:
        against = " or ".join(BENCHMARK_WORDS[name] for name in d.benchmarks)
        out.append(f"No group is confidently under-represented against {against}.")
    out += _dropout(d)
    out += _police(d)
    out += _change(d)
    if d.low_coverage:
        out.append(
            f"Ethnicity is recorded for only {d.coverage:.0%} of referrals, so these findings "
            "may not hold for everyone referred."
        )
    return out

"""One label and one colour for each verdict, wherever a verdict is read.

Tables, downloads, charts, the API's labels and the bi-annual return all take their words
from here, so a verdict reads the same everywhere (docs/statistical-methods.md says what
each one means).
"""

from dataclasses import dataclass

import stats

# GOV.UK colour palette: red for under-representation, blue for over, dark grey for a
# difference that did not survive the multiple-comparison control, black otherwise.
RED = "#d4351c"
BLUE = "#1d70b8"
DARK_GREY = "#505a5f"
INK = "#0b0c0c"


@dataclass(frozen=True)
class Verdict:
    label: str
    colour: str
    css: str  # the class that gives the label its colour on a page

    @property
    def flagged(self) -> bool:
        return self.css.endswith(("under", "over"))


VERDICTS = {
    stats.UNDER: Verdict("Under-represented", RED, "reach-verdict--under"),
    stats.OVER: Verdict("Over-represented", BLUE, "reach-verdict--over"),
    stats.LOWER_NOT_CONFIRMED: Verdict(
        "Lower, not confirmed after allowing for multiple comparisons",
        DARK_GREY,
        "reach-verdict--unconfirmed",
    ),
    stats.HIGHER_NOT_CONFIRMED: Verdict(
        "Higher, not confirmed after allowing for multiple comparisons",
        DARK_GREY,
        "reach-verdict--unconfirmed",
    ),
    stats.TOO_FEW: Verdict("Too few to tell", INK, "reach-verdict--none"),
    stats.NO_EVIDENCE: Verdict("No evidence of a difference", INK, "reach-verdict--none"),
    stats.NO_BENCHMARK: Verdict("No benchmark", INK, "reach-verdict--none"),
}

#: Label → CSS class, for a page that renders a table's verdict cells from their words.
CSS_BY_LABEL = {v.label: v.css for v in VERDICTS.values()}


def label(verdict: str) -> str:
    return VERDICTS[verdict].label


def colour(verdict: str | None) -> str:
    return VERDICTS[verdict].colour if verdict in VERDICTS else INK


# Differences between a group and the rest of the area's service users (outcome rates,
# referral pathways): flagged only when Benjamini–Hochberg significant and the 95%
# Newcombe interval is clear of 0; clear of 0 without surviving the control is said so.
HIGHER = "higher"
LOWER = "lower"
SMALL_BASE = "small_base"

DIFFERENCES = {
    HIGHER: Verdict("Higher than the rest", BLUE, "reach-verdict--over"),
    LOWER: Verdict("Lower than the rest", RED, "reach-verdict--under"),
    stats.HIGHER_NOT_CONFIRMED: VERDICTS[stats.HIGHER_NOT_CONFIRMED],
    stats.LOWER_NOT_CONFIRMED: VERDICTS[stats.LOWER_NOT_CONFIRMED],
    stats.NO_EVIDENCE: VERDICTS[stats.NO_EVIDENCE],
    SMALL_BASE: Verdict("Small base", INK, "reach-verdict--none"),
}
CSS_BY_LABEL.update({v.label: v.css for v in DIFFERENCES.values()})


def difference_verdict(significant: bool, difference, small_base: bool) -> str:
    """The finding for a group-versus-the-rest difference (a stats.Difference or None)."""
    if small_base:
        return SMALL_BASE
    if difference is None:
        return stats.NO_EVIDENCE
    if difference.low > 0:
        return HIGHER if significant else stats.HIGHER_NOT_CONFIRMED
    if difference.high < 0:
        return LOWER if significant else stats.LOWER_NOT_CONFIRMED
    return stats.NO_EVIDENCE

"""Plausible distributions of the demo referrals' characteristics.

These are illustrative shapes, not official statistics: they make the demo look like a
victims' service's caseload (domestic abuse the largest crime type, most referrals from
the police, about one in five victims disabled…) without claiming to be any real area's
figures. The only real figures the generator uses are read from the reference tables:
Census 2021 population and the Crime Survey victimisation rates (demo/need.py).

Rule kept throughout, so that the planted disparities are the only ones to find
(demo/planted.py): the referral pathway (police or self-referral), the outcome and the
outcome-measure answers do not depend on ethnic group except where a disparity is
planted. Crime type, age and interpreter need do vary by group, as they do in life.
"""

from bisect import bisect
from itertools import accumulate

# Groups by the ONS 2021 codes of the detailed ethnic groups (reference.EthnicGroup.code).
SOUTH_ASIAN = ("1", "3", "4", "5")  # Bangladeshi, Indian, Pakistani, Other Asian
EAST_ASIAN = ("2",)
BLACK = ("6", "7", "8")
MIXED = ("9", "10", "11", "12")
WHITE_BRITISH = ("13",)
WHITE_IRISH = ("14",)
GYPSY_ROMA_TRAVELLER = ("15", "16")
WHITE_OTHER = ("17",)
ARAB_OTHER = ("18", "19")
MINORITY = (
    *SOUTH_ASIAN,
    *EAST_ASIAN,
    *BLACK,
    *MIXED,
    *GYPSY_ROMA_TRAVELLER,
    *WHITE_OTHER,
    *ARAB_OTHER,
)


class Table:
    """A discrete distribution ready for fast sampling with `random.choices` or bisect."""

    __slots__ = ("codes", "cum")

    def __init__(self, weights: dict[str, float]):
        self.codes = list(weights)
        self.cum = list(accumulate(weights.values()))

    def draw(self, u: float) -> str:
        """The code at uniform draw u in [0, 1)."""
        return self.codes[bisect(self.cum, u * self.cum[-1])]

    def sample(self, rng, k: int) -> list[str]:
        return rng.choices(self.codes, cum_weights=self.cum, k=k)


CRIME_BASE = {
    "DOMESTIC_ABUSE": 34.0,
    "SEXUAL_VIOLENCE": 7.0,
    "CHILD_SEXUAL_ABUSE": 2.5,
    "HONOUR_BASED_ABUSE": 0.3,
    "STALKING_HARASSMENT": 7.0,
    "SERIOUS_VIOLENCE": 4.5,
    "VIOLENCE_OTHER": 13.0,
    "HATE_RACE": 1.2,
    "HATE_RELIGION": 0.3,
    "HATE_SEXUAL_ORIENTATION": 0.4,
    "HATE_DISABILITY": 0.3,
    "HATE_TRANSGENDER": 0.1,
    "MODERN_SLAVERY": 0.3,
    "ROBBERY": 2.5,
    "BURGLARY": 5.0,
    "THEFT_PROPERTY": 6.0,
    "FRAUD_CYBER": 6.0,
    "HOMICIDE_BEREAVED": 0.2,
    "ROAD_DEATH": 0.4,
    "ASB": 3.0,
    "OTHER": 2.0,
    "NK": 1.0,
}

# Where crime type differs by group (the guidance names honour-based abuse, hate crime
# and serious violence among young ethnic minority people).
CRIME_UPLIFT = {
    "HONOUR_BASED_ABUSE": (dict.fromkeys(SOUTH_ASIAN, 8.0) | dict.fromkeys(ARAB_OTHER, 5.0)),
    "HATE_RACE": dict.fromkeys(MINORITY, 5.0),
    "HATE_RELIGION": dict.fromkeys((*SOUTH_ASIAN, *ARAB_OTHER), 6.0),
    "SERIOUS_VIOLENCE": dict.fromkeys((*BLACK, "10", "11"), 1.8),
    "MODERN_SLAVERY": dict.fromkeys((*WHITE_OTHER, *GYPSY_ROMA_TRAVELLER, "19"), 5.0),
}


def crime_table(group: str) -> Table:
    weights = {
        code: weight * CRIME_UPLIFT.get(code, {}).get(group, 1.0)
        for code, weight in CRIME_BASE.items()
    }
    return Table(weights)


# The guidance: the largest group of ethnic minority victims is aged 16 to 34.
AGE_OLDER = {
    "0-11": 1.5, "12-15": 3.5, "16-17": 3.0, "18-24": 12.0, "25-34": 20.0, "35-44": 19.0,
    "45-54": 16.0, "55-64": 11.0, "65-74": 7.0, "75+": 4.5, "NK": 2.5,
}  # fmt: skip
AGE_YOUNGER = {
    "0-11": 2.5, "12-15": 5.0, "16-17": 4.5, "18-24": 18.0, "25-34": 26.0, "35-44": 19.0,
    "45-54": 11.5, "55-64": 6.5, "65-74": 3.0, "75+": 1.0, "NK": 3.0,
}  # fmt: skip
CHILD_AGES = frozenset({"0-11", "12-15"})  # sexual orientation is not asked under 16


def age_table(group: str) -> Table:
    return Table(AGE_OLDER if group in (*WHITE_BRITISH, *WHITE_IRISH) else AGE_YOUNGER)


# Share female by crime type; the rest male, with a little "prefer not to say"/"not known".
FEMALE_SHARE = {
    "DOMESTIC_ABUSE": 0.82,
    "SEXUAL_VIOLENCE": 0.86,
    "CHILD_SEXUAL_ABUSE": 0.75,
    "HONOUR_BASED_ABUSE": 0.88,
    "STALKING_HARASSMENT": 0.78,
    "SERIOUS_VIOLENCE": 0.25,
}
SEX_UNKNOWN = {"PNS": 0.004, "NK": 0.011}


def sex_table(crime: str) -> Table:
    known = 1 - sum(SEX_UNKNOWN.values())
    female = FEMALE_SHARE.get(crime, 0.52)
    return Table({"F": known * female, "M": known * (1 - female), **SEX_UNKNOWN})


SEX_TABLES = {crime: sex_table(crime) for crime in CRIME_BASE}

DISABILITY = Table({"DISABLED": 20.0, "NOT_DISABLED": 64.0, "PNS": 3.0, "NK": 13.0})
ORIENTATION = Table(
    {"STRAIGHT": 84.0, "GAY_LESBIAN": 2.5, "BISEXUAL": 2.0, "OTHER": 0.5, "PNS": 4.5, "NK": 6.5}
)

# Referral pathway: police ~70%, self ~12% for every group (the planted "fewer
# self-referrals" moves self-referrals to the police); the other ~18% by crime type.
POLICE_SHARE = 0.70
SELF_SHARE = 0.12
OTHER_ROUTES = {
    "HEALTH": 4.0, "EDUCATION": 1.0, "SOCIAL_CARE": 2.0, "HOUSING": 1.5, "COMMUNITY": 2.5,
    "CJS_OTHER": 2.5, "FAMILY_FRIEND": 1.5, "OTHER": 1.0, "NK": 1.0,
}  # fmt: skip
OTHER_ROUTES_BY_CRIME = {
    "DOMESTIC_ABUSE": {"MARAC": 5.0},
    "HONOUR_BASED_ABUSE": {"MARAC": 4.0},
    "FRAUD_CYBER": {"ACTION_FRAUD": 10.0},
    "CHILD_SEXUAL_ABUSE": {"EDUCATION": 4.0, "SOCIAL_CARE": 4.0},
    "SEXUAL_VIOLENCE": {"HEALTH": 6.0},
}
OTHER_ROUTE_TABLES = {
    crime: Table(OTHER_ROUTES | OTHER_ROUTES_BY_CRIME.get(crime, {})) for crime in CRIME_BASE
}


def pathway_shares(self_referral_effect: float = 1.0) -> tuple[float, float]:
    """(police, self) shares; a planted effect moves self-referrals to the police route."""
    self_share = SELF_SHARE * self_referral_effect
    return POLICE_SHARE + (SELF_SHARE - self_share), self_share


# Outcome: the stage model (valid → contacted → accepted → closed). About 60% accept
# support; of those, 14% drop out (disengaged or withdrew consent).
OUTCOME_BEFORE_ACCEPTANCE = {
    "INVALID": 3.0, "OUT_OF_AREA": 2.0, "UNSAFE_TO_CONTACT": 2.0, "NO_CONTACT": 16.0,
    "DECLINED": 16.0, "OTHER": 0.5, "NK": 0.5,
}  # fmt: skip
OUTCOME_ACCEPTED = {
    "INFO_ONLY": 24.0, "SUPPORTED_COMPLETED": 39.0, "SUPPORTED_DISENGAGED": 10.0,
    "WITHDREW_CONSENT": 4.0, "REFERRED_ON": 8.0, "OPEN": 15.0,
}  # fmt: skip
DROPOUT = ("SUPPORTED_DISENGAGED", "WITHDREW_CONSENT")
ACCEPTED_SHARE = 0.60


def outcome_table(dropout_effect: float = 1.0) -> Table:
    """Outcomes with the drop-out share of accepted referrals multiplied by the effect.

    The extra drop-outs are taken from completed and information-only support in
    proportion, so acceptance itself is unchanged.
    """
    accepted = dict(OUTCOME_ACCEPTED)
    dropout = sum(accepted[c] for c in DROPOUT)
    extra = dropout * (dropout_effect - 1)
    donors = ("INFO_ONLY", "SUPPORTED_COMPLETED")
    donor_total = sum(accepted[c] for c in donors)
    for code in DROPOUT:
        accepted[code] *= dropout_effect
    for code in donors:
        accepted[code] -= extra * accepted[code] / donor_total
    scale = ACCEPTED_SHARE * 100 / sum(accepted.values())
    before_scale = (1 - ACCEPTED_SHARE) * 100 / sum(OUTCOME_BEFORE_ACCEPTANCE.values())
    weights = {c: w * before_scale for c, w in OUTCOME_BEFORE_ACCEPTANCE.items()}
    weights |= {c: w * scale for c, w in accepted.items()}
    return Table(weights)


# Outcome measures are asked at closure: nearly always after completed support, rarely
# after a drop-out; not applicable where there was no support or it is still open.
MEASURE_ASKED = {
    "cope_everyday": 0.72,
    "health_wellbeing": 0.62,
    "feel_safer": 0.74,
    "informed_empowered": 0.60,
    "cjs_engage": 0.35,
    "satisfied": 0.68,
}
ASKED_BY_OUTCOME = {
    "SUPPORTED_COMPLETED": 1.0,
    "INFO_ONLY": 0.45,
    "REFERRED_ON": 0.35,
    "SUPPORTED_DISENGAGED": 0.08,
    "WITHDREW_CONSENT": 0.08,
}
ANSWERS = Table({"YES": 64.0, "PARTLY": 24.0, "NO": 12.0})

# Share of referrals needing an interpreter (higher among recent migrant communities).
INTERPRETER = (
    dict.fromkeys(("13", "11", "9", "10", "12"), 0.002)
    | dict.fromkeys(("14",), 0.004)
    | dict.fromkeys(("3", "4", "7", "8"), 0.03)
    | dict.fromkeys(("1", "5", "6", "15"), 0.07)
    | dict.fromkeys(("2", "16", "17", "18", "19"), 0.12)
)

# Recording of ethnicity: the same for every group and provider unless planted.
ETHNICITY_RECORDED = 0.92
NOT_STATED = Table({"NK": 70.0, "PNS": 30.0})

# Volume by period, common to every group (a gentle rise as services become known).
PERIOD_TREND = (0.94, 0.97, 0.99, 1.01, 1.04, 1.05)

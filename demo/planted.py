"""The disparities planted in the demo data, and the manifest that tells the truth.

Analyses (monitoring/, stats/) can be checked against this list: a flag where a
disparity is planted is a true finding, a flag elsewhere is a false one. Effects are
large enough to be found at the default size in the areas named.

What each kind means (the generator applies exactly this):

- under_representation: the group's expected referrals in the area are its need
  (population × victimisation × uptake) × effect. The other groups' expected counts are
  unchanged, so their *shares* of stated ethnicity rise a little: the manifest gives the
  expected representation ratio of the planted group and of every other group.
- higher_dropout: of the group's referrals that accepted support, the share that
  dropped out (disengaged or withdrew consent) is × effect (14% → 28% at ×2).
- fewer_self_referrals: the group's self-referral share is × effect (12% → 3.6% at
  ×0.3); the difference goes to police referrals.
- low_ethnicity_recording: the provider records a stated ethnicity for `effect` of its
  referrals (92% elsewhere), the same for every group.
"""

import json
from dataclasses import dataclass
from pathlib import Path

UNDER_REPRESENTATION = "under_representation"
HIGHER_DROPOUT = "higher_dropout"
FEWER_SELF_REFERRALS = "fewer_self_referrals"
LOW_ETHNICITY_RECORDING = "low_ethnicity_recording"


@dataclass(frozen=True)
class Plant:
    area: str  # police force area ONS code
    what: str
    effect: float
    group: str | None = None  # ethnic group code (None: every group)
    provider_role: str | None = None  # for recording: which of the area's providers
    from_period: int = 0  # index into the six periods: a disparity that starts later


PLANTS: tuple[Plant, ...] = (
    Plant("E23000014", UNDER_REPRESENTATION, 0.4, group="7"),  # West Midlands, Caribbean
    Plant("E23000001", UNDER_REPRESENTATION, 0.4, group="1"),  # Metropolitan, Bangladeshi
    Plant("W15000003", UNDER_REPRESENTATION, 0.4, group="17"),  # South Wales, Other White
    Plant("E23000010", UNDER_REPRESENTATION, 0.5, group="4"),  # West Yorkshire, Pakistani
    # A small community almost unreached: about 28 Bangladeshi referrals expected in a
    # period at national size, about 6 planted. Fewer than 10 referrals must still be found.
    Plant("E23000003", UNDER_REPRESENTATION, 0.2, group="1"),  # Lancashire, Bangladeshi
    Plant("E23000001", HIGHER_DROPOUT, 2.0, group="6"),  # Metropolitan, African
    Plant("E23000005", HIGHER_DROPOUT, 2.0, group="4", from_period=3),  # Greater Manchester
    Plant("E23000021", FEWER_SELF_REFERRALS, 0.3, group="3"),  # Leicestershire, Indian
    Plant("E23000014", FEWER_SELF_REFERRALS, 0.3, group="4"),  # West Midlands, Pakistani
    Plant("E23000001", LOW_ETHNICITY_RECORDING, 0.6, provider_role="domestic_abuse"),
    Plant("W15000003", LOW_ETHNICITY_RECORDING, 0.6, provider_role="domestic_abuse"),
    Plant("E23000032", LOW_ETHNICITY_RECORDING, 0.6, provider_role="core"),  # Kent
)


def effect_for(area: str, group: str, what: str, period_index: int) -> float:
    """The multiplier planted for (area, group, kind) in a period; 1.0 where none is."""
    effect = 1.0
    for plant in PLANTS:
        if plant.area == area and plant.what == what and plant.group == group:
            if period_index >= plant.from_period:
                effect *= plant.effect
    return effect


def recording_rate(area: str, role: str, default: float) -> float:
    for plant in PLANTS:
        if (
            plant.what == LOW_ETHNICITY_RECORDING
            and plant.area == area
            and plant.provider_role == role
        ):
            return plant.effect
    return default


MANIFEST_NOTES = [
    "Expected referrals of a group in an area and period = Census 2021 population x Crime "
    "Survey (year ending March 2020) victimisation rate of its high-level group (all adults "
    "for Other) x uptake x 1/2 x size fraction x period trend x any planted "
    "under-representation effect. Groups with nothing planted follow that exactly in "
    "expectation; counts are Poisson around it.",
    "Representation ratios are against the need-adjusted benchmark (population x "
    "victimisation). Where a group is under-represented, every other group's share of "
    "stated ethnicity rises a little: see expected_ratio_other_groups.",
    "Ethnicity is not stated for 8% of referrals at random (every group alike), 40% at "
    "the providers with low_ethnicity_recording.",
    "Late returns exist as returns with no version (not submitted); their referrals are "
    "not in the database, but write_demo_records writes their files.",
    "Referral pathway, outcome and outcome-measure answers do not depend on ethnic group "
    "except where planted; crime type, age and interpreter need do.",
]


def write_manifest(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def planted_entries(areas, providers, periods: list[str], need_by_area: dict) -> list[dict]:
    """Manifest entries for the plants that fall in the generated areas.

    `need_by_area`: area code → {group code: need weight}, to state the expected
    representation ratios an analysis should find.
    """
    names = {a.code: a.name for a in areas}
    entries = []
    for plant in PLANTS:
        if plant.area not in names:
            continue
        entry = {
            "area": plant.area,
            "area_name": names[plant.area],
            "group": plant.group,
            "what": plant.what,
            "effect": plant.effect,
            "provider": None,
            "periods": periods[plant.from_period :],
        }
        if plant.what == LOW_ETHNICITY_RECORDING:
            entry["provider"] = next(
                p.slug for p in providers if p.role == plant.provider_role and plant.area in p.areas
            )
        if plant.what == UNDER_REPRESENTATION:
            need = need_by_area[plant.area]
            share = need[plant.group] / sum(need.values())
            kept = 1 - share * (1 - plant.effect)
            entry["benchmark_share"] = round(share, 6)
            entry["expected_ratio"] = round(plant.effect / kept, 4)
            entry["expected_ratio_other_groups"] = round(1 / kept, 4)
        entries.append(entry)
    return entries

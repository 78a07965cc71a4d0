"""The demo's providers: who serves each area, what they offer and whom they reach.

`plan_providers` is pure (areas and a seed in, ProviderSpecs out) so the record files and
the database always agree for a seed. Each area gets 3–15 providers, more in larger
areas: a core victim care service (run by the police — "in-sourced" — in a few areas),
a domestic abuse service, by-and-for services for the area's largest ethnic minority
communities, national charities' local teams (one Provider serving many areas), and
specialists.
"""

import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from demo import distributions as dist
from demo.names import NameMaker, contact
from demo.planted import recording_rate

ALL_CRIMES = None  # a provider with crime_types None supports every crime type

VAWG = ("DOMESTIC_ABUSE", "SEXUAL_VIOLENCE", "HONOUR_BASED_ABUSE", "STALKING_HARASSMENT")
HATE = (
    "HATE_RACE",
    "HATE_RELIGION",
    "HATE_SEXUAL_ORIENTATION",
    "HATE_DISABILITY",
    "HATE_TRANSGENDER",
)


@dataclass(frozen=True)
class Community:
    key: str
    groups: tuple[str, ...]  # ethnic group codes the by-and-for service is led by and for
    languages: tuple[str, ...]  # ISO 639 codes (reference.Language)
    names: tuple[str, ...]
    crimes: tuple[str, ...]
    gender_specific: bool


COMMUNITIES = (
    Community(
        "south_asian", dist.SOUTH_ASIAN, ("pa", "ur", "bn", "gu", "hi", "ta", "ne"),
        ("{} Asian Women's Centre", "{} South Asian Family Support"),
        (*VAWG, "CHILD_SEXUAL_ABUSE", "HATE_RACE", "HATE_RELIGION"), True,
    ),
    Community(
        "black", (*dist.BLACK, "10", "11"), ("so", "ti", "am", "fr", "pt"),
        ("{} African and Caribbean Support Project", "{} Black Victims' Advocacy"),
        (*VAWG, "SERIOUS_VIOLENCE", "VIOLENCE_OTHER", "HATE_RACE", "HOMICIDE_BEREAVED"), False,
    ),
    Community(
        "eastern_european", dist.WHITE_OTHER, ("pl", "ro", "lt", "bg", "hu", "sk", "cs", "uk", "ru", "sq"),
        ("{} Eastern European Advice Centre",),
        (*VAWG, "MODERN_SLAVERY", "FRAUD_CYBER", "HATE_RACE", "VIOLENCE_OTHER"), False,
    ),
    Community(
        "middle_eastern", dist.ARAB_OTHER, ("ar", "fa", "ps", "ku", "tr"),
        ("{} Arabic and Farsi Speaking Families Service",),
        (*VAWG, "HATE_RACE", "HATE_RELIGION", "MODERN_SLAVERY"), True,
    ),
    Community(
        "east_asian", dist.EAST_ASIAN, ("zh", "yue", "cmn"),
        ("{} Chinese and East Asian Community Support",),
        (*VAWG, "HATE_RACE", "FRAUD_CYBER"), False,
    ),
    Community(
        "gypsy_roma_traveller", dist.GYPSY_ROMA_TRAVELLER, ("rom",),
        ("{} Gypsy, Roma and Traveller Support",),
        (*VAWG, "HATE_RACE", "VIOLENCE_OTHER"), False,
    ),
)  # fmt: skip

# (role, name pattern, crime types, age bands or None, allocation weight)
SPECIALISTS = (
    ("young_victims", "{} Young Victims' Service", ALL_CRIMES, ("0-11", "12-15", "16-17", "18-24"), 2.0),
    ("sexual_violence", "{} Sexual Violence Support Centre", ("SEXUAL_VIOLENCE", "CHILD_SEXUAL_ABUSE"), None, 3.0),
    ("hate_crime", "{} Hate Crime Advocacy", HATE, None, 2.0),
    ("fraud", "{} Fraud Victims' Helpline", ("FRAUD_CYBER",), None, 2.0),
    ("older_people", "{} Older People's Advocacy", ALL_CRIMES, ("55-64", "65-74", "75+"), 1.0),
    ("stalking", "{} Stalking and Harassment Service", ("STALKING_HARASSMENT",), None, 1.5),
    ("bereaved", "{} Bereaved Families Service", ("HOMICIDE_BEREAVED", "ROAD_DEATH"), None, 0.5),
    ("exploitation", "{} Exploitation Support", ("MODERN_SLAVERY",), None, 0.5),
)  # fmt: skip

# National charities: one Provider with a local team in many areas.
NATIONAL = (
    ("national_general", "{} Victims' Trust", ALL_CRIMES, 0.3, 6.0),
    ("national_hate", "{} Hate Crime Network", HATE, 0.35, 2.0),
    ("national_sexual_violence", "{} Sexual Violence Support", ("SEXUAL_VIOLENCE", "CHILD_SEXUAL_ABUSE"), 0.45, 3.0),
)  # fmt: skip


# How an area is named in a provider's name (force names are not place names).
PLACE_NAMES = {
    "Metropolitan Police": "London",
    "London, City of": "City of London",
    "Devon & Cornwall": "Devon and Cornwall",
}


@dataclass
class ProviderSpec:
    """A demo provider: its public offer and how it draws referrals in the generator."""

    slug: str
    name: str
    role: str
    kind: str  # organisations.Provider.Kind
    police_relationship: str  # organisations.Provider.PoliceRelationship
    areas: list[str]  # area codes
    description: str
    languages: tuple[str, ...]
    crime_types: tuple[str, ...] | None
    age_bands: tuple[str, ...] | None
    accepts_self_referral: bool = True
    anonymous_contact: bool = False
    gender_specific_spaces: bool = False
    interpreters: str = "on_request"
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    opening_hours: str = ""
    # Generator behaviour (not stored).
    weight: float = 1.0
    communities: tuple[str, ...] = ()
    records_interpreter: bool = True
    records_orientation: bool = True
    # Records where each victim lives (the optional local_authority column): the core
    # services do, the others do not.
    records_local_authority: bool = False
    ethnicity_recorded: dict[str, float] = field(default_factory=dict)  # area → rate

    @property
    def is_by_and_for(self) -> bool:
        return self.kind == "by_and_for"


def provider_count(residents: int) -> int:
    """3 to 15 providers, one more for every 700,000 residents."""
    return max(3, min(15, round(3 + residents / 700_000)))


def plan_providers(areas, seed: int) -> list[ProviderSpec]:
    """Every demo provider for the given areas (AreaNeed list), deterministic for a seed."""
    names = NameMaker(seed)
    specs: list[ProviderSpec] = []
    national = {role: None for role, *_ in NATIONAL}
    slugs: set[str] = set()

    def new(role, name, kind, area, *, crimes, ages=None, weight=1.0, **extra) -> ProviderSpec:
        slug = slugify(name)[:200]
        base, n = slug, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        languages = ("en", "cy") if area.country == "Wales" else ("en",)
        spec = ProviderSpec(
            slug=slug,
            name=name,
            role=role,
            kind=kind,
            police_relationship=extra.pop("police_relationship", "independent"),
            areas=[area.code],
            description=extra.pop("description", ""),
            languages=languages + tuple(extra.pop("languages", ())),
            crime_types=crimes,
            age_bands=ages,
            phone=names.phone(),
            address=names.address(area.local_authorities),
            opening_hours=names.hours(),
            weight=weight,
            **contact(slug),
            **extra,
        )
        specs.append(spec)
        return spec

    for area in areas:
        rng = random.Random(f"{seed}:providers:{area.code}")
        count = provider_count(area.residents)
        here: list[ProviderSpec] = []

        # 1. The core service the commissioner funds for every victim and crime type.
        draw = rng.random()
        relationship = (
            "in_sourced" if draw < 0.16 else "co_located" if draw < 0.36 else "independent"
        )
        core = new(
            "core",
            f"{names.stem()} Victim Care ({PLACE_NAMES.get(area.name, area.name)})",
            "mainstream",
            area,
            crimes=ALL_CRIMES,
            weight=10.0,
            police_relationship=relationship,
            accepts_self_referral=relationship != "in_sourced",
            description=(
                "The area's core victim care service: needs assessment, information and "
                "emotional and practical support for victims of any crime."
                + (" Run by the police force (in-sourced)." if relationship == "in_sourced" else "")
            ),
        )
        here.append(core)

        # 2. A local domestic abuse service.
        here.append(
            new(
                "domestic_abuse",
                f"{names.stem()} Domestic Abuse Service",
                "mainstream",
                area,
                crimes=("DOMESTIC_ABUSE", "STALKING_HARASSMENT", "HONOUR_BASED_ABUSE"),
                weight=5.0,
                gender_specific_spaces=True,
                anonymous_contact=True,
                description="Independent domestic violence advisers, refuge and outreach.",
            )
        )

        # 3. National charities' local teams.
        for role, pattern, crimes, chance, weight in NATIONAL:
            if len(here) >= count or rng.random() >= chance:
                continue
            spec = national[role]
            if spec is None:
                spec = new(
                    role,
                    pattern.format(names.stem()),
                    "mainstream",
                    area,
                    crimes=crimes,
                    weight=weight,
                )
                spec.description = "A national charity with local teams."
                spec.anonymous_contact = role != "national_general"
                national[role] = spec
            else:
                spec.areas.append(area.code)
                if area.country == "Wales" and "cy" not in spec.languages:
                    spec.languages = (*spec.languages, "cy")
            here.append(spec)

        # 4. By-and-for services for the area's largest ethnic minority communities.
        minority = sum(area.population.get(g, 0) for g in dist.MINORITY) / area.residents
        wanted = 0 if minority < 0.05 else min(4, 1 + int(minority * 8), count - len(here))
        ranked = sorted(
            COMMUNITIES, key=lambda c: -sum(area.population.get(g, 0) for g in c.groups)
        )
        for community in ranked[: max(0, wanted)]:
            here.append(
                new(
                    "by_and_for",
                    rng.choice(community.names).format(names.stem()),
                    "by_and_for",
                    area,
                    crimes=community.crimes,
                    weight=1.5,
                    languages=community.languages,
                    communities=community.groups,
                    gender_specific_spaces=community.gender_specific,
                    anonymous_contact=True,
                    interpreters="in_house",
                    description=(
                        "Led by and for the communities it serves, with staff who speak "
                        "their languages; no need to have reported to the police."
                    ),
                )
            )

        # 5. Specialists, to the area's count.
        covered = {s.role for s in here}
        for role, pattern, crimes, ages, weight in SPECIALISTS:
            if len(here) >= count:
                break
            if role == "sexual_violence" and "national_sexual_violence" in covered:
                continue
            if role == "hate_crime" and "national_hate" in covered:
                continue
            here.append(
                new(
                    role,
                    pattern.format(names.stem()),
                    "mainstream",
                    area,
                    crimes=crimes,
                    ages=ages,
                    weight=weight,
                )
            )

        for spec in here:
            spec.records_local_authority = spec.role == "core"
            spec.ethnicity_recorded[area.code] = recording_rate(
                area.code, spec.role, dist.ETHNICITY_RECORDED
            )
            if spec.role != "core" and not spec.role.startswith("national"):  # smaller services
                spec.records_interpreter = rng.random() > 0.2
                spec.records_orientation = rng.random() > 0.15
    return specs

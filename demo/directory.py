"""The demo services' directory entries: what a victim reads before getting in touch.

`demo/providers.py` plans who serves each area and what the referral generator needs
(crime types, ages, self-referral, relationship to the police). This module adds, for
the same providers, what only the public directory shows: the languages their staff
speak, the local authorities they serve, how to get in touch, when, what happens next,
and, for some, a confidentiality statement of their own. Nothing here changes how a
return is built: the generator never reads these fields.

Languages follow each area's largest communities in Census 2021 (TS021). Which languages
a group's members commonly speak is the demo's assumption (`GROUP_LANGUAGES`), not a
Census figure: Census 2021 main language is not loaded in Reach.

`plan_directory` is pure (specs, areas and local authorities' populations in; entries
out), so the same seed always gives the same directory.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from demo.need import AreaNeed
from demo.providers import ProviderSpec

# Languages commonly spoken, besides English, by members of each detailed ethnic group
# (ONS 2021 codes), most common first. The demo's assumption: see the module docstring.
GROUP_LANGUAGES = {
    "1": ("bn",),  # Bangladeshi: Bengali (many speak Sylheti, and read Bengali)
    "2": ("zh", "yue", "cmn"),  # Chinese
    "3": ("pa", "gu", "hi", "ta"),  # Indian
    "4": ("ur", "pa"),  # Pakistani
    "5": ("ta", "ne"),  # Other Asian: Sri Lankan Tamil, Nepali
    "6": ("so", "fr", "pt", "ti", "am"),  # African
    "15": ("rom",),  # Gypsy or Irish Traveller
    "16": ("rom", "ro"),  # Roma
    "17": ("pl", "ro", "lt", "pt", "bg", "hu", "it", "es"),  # Other White
    "18": ("ar",),  # Arab
    "19": ("ar", "fa", "ku", "tr", "ps"),  # Any other ethnic group
}
# A language counts as one of an area's languages when the demo estimates at least this
# share of residents speak it.
AREA_LANGUAGE_SHARE = 0.004

NATIONAL_ROLES = ("national_general", "national_hate", "national_sexual_violence")
WHOLE_AREA_ROLES = ("core", "domestic_abuse", *NATIONAL_ROLES)


@dataclass(frozen=True)
class DirectoryEntry:
    slug: str
    languages: tuple[str, ...]  # added to the spec's own (reference.Language codes)
    local_authorities: tuple[str, ...]  # names; empty: the whole of its areas
    how_to_get_in_touch: str
    what_happens_next: str
    opening_hours: str
    address: str
    anonymous_contact: bool
    gender_specific_spaces: bool
    interpreters: str
    confidentiality_statement: str  # empty: the default statement


def area_languages(population: dict[str, int]) -> list[str]:
    """An area's languages besides English, most speakers first (the demo's estimate)."""
    residents = sum(population.values()) or 1
    speakers: dict[str, float] = {}
    for group, languages in GROUP_LANGUAGES.items():
        count = population.get(group, 0)
        weights = [1 / (rank + 1) for rank in range(len(languages))]
        for language, weight in zip(languages, weights, strict=True):
            speakers[language] = speakers.get(language, 0) + count * weight / sum(weights)
    ranked = sorted(speakers, key=lambda code: (-speakers[code], code))
    return [code for code in ranked if speakers[code] / residents >= AREA_LANGUAGE_SHARE]


def _places_for(spec, area: AreaNeed, la_population, rng) -> tuple[str, ...]:
    """The local authorities a service names, or () for the whole of its areas."""
    if spec.role in WHOLE_AREA_ROLES or len(spec.areas) > 1 or len(area.local_authorities) <= 2:
        return ()
    if spec.is_by_and_for:
        # Where its communities live: the fewest authorities holding most of them.
        counts = {
            name: sum(la_population.get(name, {}).get(g, 0) for g in spec.communities)
            for name in area.local_authorities
        }
        total = sum(counts.values())
        if not total:
            return ()
        chosen, held = [], 0
        for name in sorted(counts, key=lambda n: (-counts[n], n)):
            chosen.append(name)
            held += counts[name]
            if held >= 0.6 * total or len(chosen) == 4:
                break
        return () if len(chosen) == len(area.local_authorities) else tuple(sorted(chosen))
    if rng.random() < 0.6:
        return ()
    residents = {name: sum(la_population.get(name, {}).values()) for name in area.local_authorities}
    largest = sorted(residents, key=lambda n: (-residents[n], n))
    return tuple(sorted(largest[: rng.randint(1, min(3, len(largest) - 1))]))


def _hours(spec, rng) -> str:
    if spec.role == "domestic_abuse":
        return f"Helpline: 24 hours, every day. Office: {spec.opening_hours}"
    if spec.role in NATIONAL_ROLES:
        return "Support line: every day, 8am to 8pm. Web chat: Monday to Friday, 10am to 4pm"
    if spec.is_by_and_for and rng.random() < 0.5:
        return f"{spec.opening_hours}. Drop-in: Saturday, 10am to 1pm"
    return spec.opening_hours


def _get_in_touch(spec, *, address, welsh: bool, anonymous: bool, interpreters: str, rng) -> str:
    lines = []
    if spec.role == "domestic_abuse":
        lines.append(
            f"Call our helpline on {spec.phone}, day or night. If it is not safe to talk, "
            "email us or ask us to call you at a time that suits you. We never leave a "
            "message unless you tell us it is safe."
        )
    elif spec.role in NATIONAL_ROLES:
        lines.append(
            f"Call our support line on {spec.phone}, or use the web chat on our website. "
            "A local caseworker then gets in touch."
        )
    elif spec.is_by_and_for:
        channel = rng.choice(("Call, text or WhatsApp us", "Call or text us"))
        lines.append(
            f"{channel} on {spec.phone}, or drop in to our centre at {address}. You "
            "can bring a friend or family member with you."
        )
    else:
        lines.append(f"Call us on {spec.phone} or email {spec.email}.")
    if spec.accepts_self_referral:
        lines.append("You can contact us yourself: nobody needs to refer you.")
    else:
        lines.append(
            "You need to be referred: ask the police officer dealing with your case, or "
            "your GP, social worker or another support service, to refer you."
        )
    if anonymous:
        lines.append("You do not have to give your name when you first get in touch.")
    if interpreters == "on_request":
        lines.append(
            "If you would like an interpreter, tell us your language when you get in touch. "
            "It is free."
        )
    if welsh:
        lines.append("You can talk to us in Welsh or in English.")
    return "\n\n".join(lines)


# What happens after someone gets in touch, by role; {days} is how soon the service replies.
NEXT = {
    "core": (
        "A caseworker calls you within {days} to ask what happened and what would help. "
        "We can give you information about your case and the courts, emotional support, and "
        "practical help, such as with forms, repairs or security at home.\n\nYou choose what "
        "support you want, and you can stop at any time."
    ),
    "domestic_abuse": (
        "An independent domestic violence adviser (IDVA) talks with you about your safety "
        "and makes a safety plan with you. If you need somewhere safe to stay, we help you "
        "find refuge space.\n\nWe never contact your partner or family. We reply within {days}."
    ),
    "by_and_for": (
        "A caseworker who speaks your language meets you, at our centre or somewhere you "
        "feel safe, within {days}. We listen first. Then we agree with you what would help: "
        "advocacy, counselling, help with housing and benefits, immigration advice, or going "
        "with you to the police or to court if you decide to report.\n\nYou do not have to "
        "report a crime to get our support."
    ),
    "sexual_violence": (
        "An independent sexual violence adviser (ISVA) calls you within {days}. You can get "
        "support and counselling whether or not you report to the police. If you decide to "
        "report, your ISVA can be with you at every step."
    ),
    "national_sexual_violence": (
        "A trained supporter listens on the phone or in the web chat. If you would like more "
        "support, a local independent sexual violence adviser (ISVA) contacts you within "
        "{days}. Reporting to the police is your choice."
    ),
    "hate_crime": (
        "An advocate calls you back within {days}. We can report the incident for you as a "
        "third-party reporting centre, without you going to the police, and we help you deal "
        "with landlords, schools or employers."
    ),
    "national_hate": (
        "A caseworker from the local team contacts you within {days}. We can report the "
        "incident for you, anonymously if you prefer, and support you for as long as you "
        "need."
    ),
    "fraud": (
        "A caseworker calls you within {days} to help you secure your bank accounts, report "
        "the fraud and protect yourself from being targeted again."
    ),
    "young_victims": (
        "A youth worker contacts you, or your parent or carer if you prefer, within {days}. "
        "We meet somewhere you feel comfortable, such as school or a youth centre."
    ),
    "older_people": (
        "An advocate visits you at home, or calls if you prefer, within {days}. We can help "
        "with safety at home, money worries and talking to the police or your bank."
    ),
    "stalking": (
        "A stalking advocate calls you within {days}. We help you record what is happening, "
        "plan for your safety and, if you choose, apply for a protection order."
    ),
    "bereaved": (
        "A caseworker contacts you within {days} of your referral. We support the whole "
        "family, for as long as you need, through the inquest, the trial and after."
    ),
    "exploitation": (
        "A caseworker meets you within {days}, with an interpreter if you need one. We help "
        "you find safe housing and advice, whatever your immigration status."
    ),
    "national_general": (
        "A local caseworker contacts you within {days} to talk about what happened and what "
        "would help: emotional support, practical help, or information about the police and "
        "the courts."
    ),
}
REPLY_TIMES = ("one working day", "two working days", "three working days", "48 hours")

BY_AND_FOR_STATEMENT = (
    "We are an independent charity, run by and for our communities. We are not part of the "
    "police, the council or immigration services, and we do not pass on what you tell us "
    "unless you agree.\n\nOur interpreters and volunteers keep the same rules of "
    "confidentiality as our staff.\n\nWe may share information without your agreement only "
    "if someone is at risk of serious harm, a child needs protecting, or the law requires "
    "it. We will tell you first, unless that would put you or someone else at risk."
)
IN_SOURCED_STATEMENT = (
    "We are part of the police, but our victim care team is separate from the officers who "
    "investigate crimes. We keep what you tell us about your needs in our own records.\n\n"
    "We share it with the officers dealing with your case only if you agree, or when we "
    "must: to protect you or someone else from serious harm, to protect a child, or because "
    "the law requires it. If you tell us about a crime, we may have to pass that on.\n\n"
    "If you would rather talk to a service that is independent of the police, ask us and "
    "we will put you in touch with one."
)


def directory_entry(spec: ProviderSpec, area: AreaNeed, la_population, seed: int):
    """The directory entry of one demo provider (its first area decides the details)."""
    rng = random.Random(f"{seed}:directory:{spec.slug}")
    local = [code for code in area_languages(area.population) if code not in spec.languages]
    if spec.role in ("core", "domestic_abuse"):  # the largest services: the main languages
        spoken = local[: {"core": 3, "domestic_abuse": 2}[spec.role]]
    elif spec.role in NATIONAL_ROLES or spec.is_by_and_for or not local or rng.random() < 0.5:
        spoken = []  # national lines use interpreters; by-and-for services have their own
    else:  # a smaller service: one member of staff who speaks one of the area's languages
        spoken = [rng.choice(local[:5])]
    if spec.role == "national_general":
        spoken.append("bfi")  # a national charity's video relay for British Sign Language
    anonymous = spec.anonymous_contact or spec.role in ("fraud", "hate_crime", "stalking")
    gender_specific = spec.gender_specific_spaces or spec.role == "sexual_violence"
    interpreters = spec.interpreters
    if spec.role in ("fraud", "older_people", "bereaved") and rng.random() < 0.3:
        interpreters = "none"  # a gap the commissioner's language page shows
    statement = ""
    if spec.police_relationship == "in_sourced":
        statement = IN_SOURCED_STATEMENT
    elif spec.is_by_and_for:
        statement = BY_AND_FOR_STATEMENT
    next_text = NEXT.get(spec.role, NEXT["core"]).format(days=rng.choice(REPLY_TIMES))
    if spec.police_relationship == "in_sourced":
        next_text = (
            "When the police pass on your details, a victim care officer calls you within "
            f"{rng.choice(REPLY_TIMES)}. " + next_text.split(". ", 1)[1]
        )
    places = _places_for(spec, area, la_population, rng)
    address = spec.address
    street, _, town = address.rpartition(", ")
    if places and town not in places:  # its centre is in a place it serves
        address = f"{street}, {places[0]}"
    return DirectoryEntry(
        slug=spec.slug,
        languages=tuple(spoken),
        local_authorities=places,
        how_to_get_in_touch=_get_in_touch(
            spec,
            address=address,
            welsh=area.country == "Wales",
            anonymous=anonymous,
            interpreters=interpreters,
            rng=rng,
        ),
        what_happens_next=next_text,
        opening_hours=_hours(spec, rng),
        address=address,
        anonymous_contact=anonymous,
        gender_specific_spaces=gender_specific,
        interpreters=interpreters,
        confidentiality_statement=statement,
    )


def plan_directory(specs, areas, la_population, seed: int) -> list[DirectoryEntry]:
    """Every provider's entry; `la_population` is {local authority name: {group: count}}."""
    by_code = {area.code: area for area in areas}
    return [
        directory_entry(spec, by_code[spec.areas[0]], la_population, seed)
        for spec in specs
        if spec.areas and spec.areas[0] in by_code
    ]


def demo_directory(plan) -> int:
    """Write the directory entries of the plan's providers; returns how many were written."""
    from organisations.models import Provider
    from reference.models import Language, LocalAuthority, LocalAuthorityPopulation

    la_population: dict[str, dict[str, int]] = {}
    rows = LocalAuthorityPopulation.objects.values_list(
        "local_authority__name", "group__code", "count"
    )
    for name, group, count in rows:
        la_population.setdefault(name, {})[group] = count
    entries = plan_directory(plan.providers, plan.areas, la_population, plan.seed)
    providers = Provider.objects.in_bulk([e.slug for e in entries], field_name="slug")
    languages = dict(Language.objects.values_list("code", "id"))
    authorities = {
        (la.area.code, la.name): la.pk for la in LocalAuthority.objects.select_related("area")
    }
    area_of = {spec.slug: spec.areas[0] for spec in plan.providers if spec.areas}
    fields = (
        "how_to_get_in_touch",
        "what_happens_next",
        "opening_hours",
        "address",
        "anonymous_contact",
        "gender_specific_spaces",
        "interpreters",
        "confidentiality_statement",
    )
    with transaction.atomic():
        changed, language_links, place_links = [], [], []
        for entry in entries:
            provider = providers[entry.slug]
            for name in fields:
                setattr(provider, name, getattr(entry, name))
            changed.append(provider)
            language_links += [
                Provider.languages.through(provider_id=provider.pk, language_id=languages[c])
                for c in entry.languages
            ]
            place_links += [
                Provider.local_authorities.through(
                    provider_id=provider.pk, localauthority_id=authorities[(area_of[entry.slug], n)]
                )
                for n in entry.local_authorities
            ]
        Provider.objects.bulk_update(changed, fields, batch_size=500)
        Provider.languages.through.objects.bulk_create(language_links, ignore_conflicts=True)
        Provider.local_authorities.through.objects.bulk_create(place_links, ignore_conflicts=True)
    return len(entries)

"""The guidance's own case studies (Annex A), loaded into the good-practice library.

Each is attributed to the guidance and summarised from its text; they are approved as
loaded, because the Ministry of Justice published them.
"""

from assurance.models import QualityStandard, StandardsEdition
from library.models import CaseStudy
from library.services import case_study_publish_from_source
from reference.models import Area, CrimeType

SOURCE = (
    "Supporting BAME Victims of Crime: Guidance for Commissioners (Ministry of Justice, "
    "May 2021), Annex A"
)

# (title, area code or None, places, organisation, standards, crime types, summary, body)
ANNEX_A = (
    ("Use of SafeLives Insights data", "E23000021", "Leicester, Leicestershire and Rutland",
     "Leicester City Council and United Against Violence and Abuse (UAVA)", (1,),
     ("DOMESTIC_ABUSE", "SEXUAL_VIOLENCE"),
     "A domestic and sexual abuse consortium uses outcome measurement to see service reach, "
     "client journeys and impact by ethnic group, and to act early on disproportionality.",
     "Leicester City Council commissions UAVA to use SafeLives Insights outcome measurement, "
     "so that service data shows reach, the client journey and the impact of support.\n\n"
     "The data showed that it is important to look at groups within ethnicity, not at one "
     "broad minority group, to understand access, barriers and outcomes."),
    ("PCC partner meetings", None, "Avon and Somerset, Devon and Cornwall, Dorset, "
     "Gloucestershire and Wiltshire", "The Police and Crime Commissioners of the South West",
     (1,), (),
     "Regional meetings connect community groups with the people who commission victims' "
     "services, with workshops on victims' needs.",
     "Commissioners and commissioning managers set out their plans and timescales for "
     "victims' services. Workshops identify the needs of victims and chances to work in "
     "partnership."),
    ("Breaking the Silence: increasing legitimacy", "E23000010", "Bradford, West Yorkshire",
     "Breaking the Silence", (2,), ("SEXUAL_VIOLENCE", "CHILD_SEXUAL_ABUSE"),
     "A service for male ethnic minority victims of sexual abuse changed its words, its "
     "posters and where it advertised, so that men felt support was for them.",
     "Many men did not use the word 'sexual' about their abuse, and saw counselling as not "
     "for them. The service calls its support a 'programme', not counselling.\n\n"
     "Posters show ethnic minority men and use words familiar to them, in places such as "
     "gyms and shisha lounges."),
    ("Diversity panel", "E23000012", "Humberside", "Humberside Office of the Police and Crime "
     "Commissioner", (2,), (),
     "A paid panel of 14 people with lived experience scrutinises equality and diversity in "
     "local criminal justice agencies.",
     "Members are recruited openly, partly for their lived experience, and paid for their "
     "time. The panel works independently and also helps the commissioner hold the force "
     "to account, for example on stop and search and use of force."),
    ("Health outreach pilot project", "E23000019", "Nottinghamshire", "Self Help UK", (2,), (),
     "A two-year outreach project raised awareness of health inequalities and helped people "
     "from ethnic minority communities use health services.",
     "The project used health champions, self-help groups, links with health services and "
     "roadshows at faith centres in Nottingham."),
    ("Modern slavery campaign at car washes", "E23000012", "Humberside",
     "Humberside Office of the Police and Crime Commissioner and the Humber Modern Slavery "
     "Partnership", (3,), ("MODERN_SLAVERY",),
     "A window sticker with the Modern Slavery Helpline, in English, Polish and Albanian, "
     "reached people working in car washes and the public.",
     "Local police knowledge of likely victims' nationalities decided the languages. The "
     "campaign raised awareness among car wash users and partners."),
)  # fmt: skip


def demo_case_studies() -> int:
    """Load Annex A once (needs load_standards); returns how many were added."""
    edition = StandardsEdition.current()
    if edition is None or CaseStudy.objects.filter(source=SOURCE).exists():
        return 0
    standards = {s.number: s for s in QualityStandard.objects.filter(edition=edition)}
    crimes = {c.code: c for c in CrimeType.objects.all()}
    areas = {a.code: a for a in Area.objects.all()}
    for title, area, places, organisation, numbers, crime_codes, summary, body in ANNEX_A:
        case_study_publish_from_source(
            fields={
                "title": title,
                "places": places,
                "organisation": organisation,
                "summary": summary,
                "body": body,
                "source": SOURCE,
            },
            standards=[standards[n] for n in numbers],
            crime_types=[crimes[c] for c in crime_codes],
            communities=[],
            area=areas.get(area) if area else None,
        )
    return len(ANNEX_A)

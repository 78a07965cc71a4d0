"""Which languages an area's services and materials cover (Quality Standard 3).

For a commissioner: in which languages a victim in the area can talk to a service's own
staff, in which Reach's key messages and police script are written (with each
translation's review status), and in which the area's outreach materials were printed or
spoken over the last 12 months. The gaps are said in words: a language that outreach
reached, or that services speak, without the rest.

Services are read through `Provider.objects.visible_to(user)` and outreach through
`OutreachActivity.objects.visible_to(user)`, so a page never shows what its reader may
not see.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from core.tables import Table
from organisations.models import Provider
from public.translations import Translation, all_translations
from reference.models import Language

OUTREACH_WINDOW_DAYS = 365
ENGLISH = "en"


@dataclass
class LanguageRow:
    language: Language
    staff: list[Provider] = field(default_factory=list)  # services whose staff speak it
    translation: Translation | None = None  # the key messages and police script
    materials: int = 0  # outreach activities with materials in it
    reached: int = 0  # outreach activities that reached its speakers

    @property
    def by_and_for(self) -> int:
        return sum(1 for p in self.staff if p.is_by_and_for)


@dataclass
class Coverage:
    area: object
    services: list[Provider]
    rows: list[LanguageRow]
    since: date

    @property
    def spoken(self) -> list[str]:
        """The languages besides English that some service's staff speak, A to Z."""
        return sorted(r.language.label for r in self.rows if r.staff)

    @property
    def on_request(self) -> list[Provider]:
        return [p for p in self.services if p.interpreters == Provider.Interpreters.ON_REQUEST]

    @property
    def no_interpreters(self) -> list[Provider]:
        return [p for p in self.services if p.interpreters == Provider.Interpreters.NONE]

    @property
    def reached_without_staff(self) -> list[LanguageRow]:
        """Outreach reached speakers of these, but no service's staff speak them."""
        return [r for r in self.rows if r.reached and not r.staff]

    @property
    def spoken_without_messages(self) -> list[LanguageRow]:
        """Services speak these, but Reach has no key messages in them."""
        return [r for r in self.rows if r.staff and r.translation is None]

    @property
    def translations(self) -> list[Translation]:
        return [r.translation for r in self.rows if r.translation is not None]

    def table(self) -> Table:
        rows = [
            [
                row.language.label,
                len(row.staff),
                row.by_and_for,
                "; ".join(p.name for p in row.staff),
                _translation_words(row.translation),
                row.materials,
                row.reached,
            ]
            for row in self.rows
        ]
        return Table(
            title=f"Languages in {self.area.name}",
            headers=[
                "Language",
                "Services whose staff speak it",
                "Of them, by and for ethnic minority communities",
                "Services",
                "Key messages and police script in Reach",
                "Outreach activities with materials in it",
                "Outreach activities that reached its speakers",
            ],
            rows=rows,
            notes=[
                "Services: those listed in Reach for the area. English is left out: every "
                "service speaks it.",
                f"Outreach: activities recorded for the area since {self.since:%d %B %Y}.",
                f"{len(self.on_request)} of {len(self.services)} services arrange an "
                "interpreter on request, in any language.",
                "No translation in Reach has yet been reviewed by a qualified translator "
                "unless this table says so.",
            ],
            slug="languages",
        )


def _translation_words(translation: Translation | None) -> str:
    if translation is None:
        return "No"
    return f"Yes ({translation.review_label})"


def area_language_coverage(*, area, user, today: date | None = None) -> Coverage:
    """The languages of the area's services, Reach's translations and recent outreach."""
    from assurance.models import OutreachActivity

    since = (today or date.today()) - timedelta(days=OUTREACH_WINDOW_DAYS)
    services = list(
        Provider.objects.visible_to(user)
        .listed()
        .filter(areas=area)
        .prefetch_related("languages")
        .order_by("name")
    )
    outreach = list(
        OutreachActivity.objects.visible_to(user)
        .filter(area=area, held_on__gte=since)
        .prefetch_related("languages_reached", "materials_languages")
    )
    languages = {language.code: language for language in Language.objects.order_by("order")}
    rows: dict[str, LanguageRow] = {}

    def row(code: str) -> LanguageRow:
        if code not in rows:
            rows[code] = LanguageRow(language=languages[code])
        return rows[code]

    for provider in services:
        for language in provider.languages.all():
            if language.code != ENGLISH:
                row(language.code).staff.append(provider)
    for code, translation in all_translations().items():
        if code != ENGLISH and code in languages:
            row(code).translation = translation
    for activity in outreach:
        for language in activity.materials_languages.all():
            if language.code != ENGLISH:
                row(language.code).materials += 1
        for language in activity.languages_reached.all():
            if language.code != ENGLISH:
                row(language.code).reached += 1
    ordered = sorted(rows.values(), key=lambda r: (-len(r.staff), r.language.order))
    return Coverage(area=area, services=services, rows=ordered, since=since)

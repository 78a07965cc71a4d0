"""What the bi-annual return says, gathered once from the database as plain data.

Every format renders this one object, so the files never disagree: reports/workbook.py
lays it out as sheets, written as XLSX and ODS by reports/spreadsheets/, and reports/pdf/
lays it out as the PDF. Figures come from the area dashboard
(monitoring.dashboard.build) read as the requester may see them, so the document says
what the area figures page says. Order of the document: cover, summary, each Quality
Standard (statement, prompts and answers, figures, rating), then challenges, the action
plan and the escalation timeline.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

import stats
from assurance.models import Prompt, SelfAssessment, StandardRating, StandardsEdition
from assurance.selectors import area_assurance_status
from assurance.workforce import AreaWorkforce, area_workforce
from core.tables import Table
from monitoring import groups
from monitoring.benchmarks import POPULATION
from monitoring.dashboard import Dashboard, build
from monitoring.data import Selection
from monitoring.summary import key_findings
from organisations.models import Provider
from reference.models import Area
from reports import review, sections
from returns.models import Return

S = SelfAssessment.Status

# The marking every page and sheet carries. The return goes from the commissioner to the
# Ministry of Justice under the grant agreement with exact counts: internal figures
# (docs/statistical-methods.md, "Disclosure control": internal views show exact counts).
CLASSIFICATION = "Official – contains exact counts; not for publication"


@dataclass
class AssessmentInfo:
    version: int
    status: str
    status_label: str
    signed_off: str  # "12 May 2026 by …", or empty
    submitted: str

    @property
    def is_draft(self) -> bool:
        """Not (yet) sent to the Ministry of Justice: the document is marked DRAFT."""
        return self.status in (S.DRAFT, S.SIGNED_OFF)

    @property
    def description(self) -> str:
        text = f"Version {self.version}: {self.status_label}"
        if self.is_draft:
            text += " – DRAFT, not submitted to the Ministry of Justice"
        return text


@dataclass
class PromptAnswer:
    number: str
    text: str  # verbatim from the guidance
    heading: bool  # a prompt with parts, not answered itself
    optional: bool
    answer: str
    links: list[str]


@dataclass
class RatingInfo:
    label: str
    comment: str
    by: str
    on: datetime.date


@dataclass
class StandardSection:
    number: int
    title: str
    statement: str  # verbatim from the guidance
    prompts: list[PromptAnswer]
    rating: RatingInfo | None

    @property
    def heading(self) -> str:
        return f"Quality Standard {self.number}: {self.title}"


@dataclass
class ReturnContent:
    area_name: str
    commissioner: str
    period_label: str
    period_code: str
    generated_at: datetime.datetime
    edition: str
    assessment: AssessmentInfo | None
    standards: list[StandardSection]
    summary: list[tuple[str, object]]
    dashboard: Dashboard
    key_findings: list[str]
    workforce: AreaWorkforce
    tables: dict[str, Table] = field(default_factory=dict)
    classification: str = CLASSIFICATION

    @property
    def is_draft(self) -> bool:
        return self.assessment is None or self.assessment.is_draft

    @property
    def title(self) -> str:
        return f"Bi-annual return: {self.area_name}, {self.period_label}"

    def standard(self, number: int) -> StandardSection | None:
        return next((s for s in self.standards if s.number == number), None)


def long_date(day) -> str:
    """12 May 2026, as GOV.UK writes dates (a datetime is read in local time)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day)
    return f"{day.day} {day:%B %Y}"


def _when_by(at, user) -> str:
    if at is None:
        return ""
    name = user.display_name if user else "someone no longer in Reach"
    return f"{long_date(at)} by {name}"


def assessment_info(assessment: SelfAssessment | None) -> AssessmentInfo | None:
    if assessment is None:
        return None
    return AssessmentInfo(
        version=assessment.version,
        status=assessment.status,
        status_label=assessment.get_status_display(),
        signed_off=_when_by(assessment.signed_off_at, assessment.signed_off_by),
        submitted=_when_by(assessment.submitted_at, assessment.submitted_by),
    )


def standard_sections(edition, assessment) -> list[StandardSection]:
    """Each standard with its prompts (verbatim) and this version's answers and ratings."""
    answers = {a.prompt_id: a for a in assessment.answers.all()} if assessment else {}
    ratings = {}
    if assessment is not None:
        # The latest rating of each standard counts (assurance/models/assessment.py).
        for r in (
            StandardRating.objects.filter(assessment=assessment)
            .select_related("standard", "rated_by")
            .order_by("rated_at", "pk")
        ):
            ratings[r.standard.number] = RatingInfo(
                label=r.get_rating_display(),
                comment=r.comment,
                by=r.rated_by.display_name,
                on=timezone.localdate(r.rated_at),
            )
    prompts: dict[int, list[PromptAnswer]] = {}
    for p in Prompt.objects.filter(standard__edition=edition).order_by("standard__number", "order"):
        answer = answers.get(p.pk)
        prompts.setdefault(p.standard_id, []).append(
            PromptAnswer(
                number=p.number,
                text=p.text,
                heading=not p.answerable,
                optional=p.optional,
                answer=answer.text if answer else "",
                links=answer.links if answer else [],
            )
        )
    return [
        StandardSection(
            number=s.number,
            title=s.title,
            statement=s.statement,
            prompts=prompts.get(s.pk, []),
            rating=ratings.get(s.number),
        )
        for s in edition.standards.order_by("number")
    ]


def _under(dashboard: Dashboard, level: str) -> str:
    view = dashboard.representation[level]
    names = [r.group.label for r in view.rows if r.comparisons[POPULATION].verdict == stats.UNDER]
    return ", ".join(names) if names else "None confidently under-represented"


def summary_lines(user, area, period, dashboard, standards, assessment) -> list[tuple[str, object]]:
    """Returns received, referrals, recording coverage, ratings and escalation."""
    registered = list(
        Provider.objects.visible_to(user).filter(areas=area, is_active=True).order_by("name")
    )
    submitted_ids = set(
        Return.objects.visible_to(user)
        .filter(area=area, period=period, current_version__isnull=False)
        .values_list("provider_id", flat=True)
    )
    waiting = [p.name for p in registered if p.pk not in submitted_ids]
    status = area_assurance_status(area)
    lines: list[tuple[str, object]] = [
        ("Providers registered in the area", len(registered)),
        ("Returns received for the period", len(submitted_ids)),
        (
            "Returns not yet received from",
            ", ".join(waiting) or "None: every provider has sent one",
        ),
        ("Referrals", dashboard.total),
        ("Referrals with a stated ethnic group", dashboard.stated),
        (
            "Ethnicity recording coverage (%)",
            round(100 * dashboard.coverage, 1) if dashboard.coverage is not None else "[x]",
        ),
        ("Under-represented against the population, 5 groups", _under(dashboard, groups.FIVE)),
        ("Under-represented against the population, 19 groups", _under(dashboard, groups.DETAILED)),
    ]
    for s in standards:
        if s.rating:
            rating = f"{s.rating.label} (rated {long_date(s.rating.on)})"
        elif assessment is not None and assessment.status in (S.SUBMITTED, S.SUPERSEDED):
            rating = "Not yet rated"
        else:
            rating = "Not rated: not submitted"
        lines.append((f"Quality Standard {s.number} rating", rating))
    escalation = status["escalation"]
    since = escalation["changed_at"]
    lines += [
        (
            "Escalation",
            escalation["label"] + (f" (since {long_date(since)})" if since else ""),
        ),
        ("Challenges awaiting the commissioner's answer", status["open_challenges"]),
        ("Challenges answered, awaiting the Ministry of Justice", status["answered_challenges"]),
        ("Actions overdue in the agreed plan", status["overdue_actions"]),
    ]
    return lines


def commissioner_name(area) -> str:
    """Who sends the return: "Police and Crime Commissioner" alone does not say for where."""
    if area.governance_type in (Area.Governance.PCC, Area.Governance.PFCC):
        return f"{area.governance_body} for {area.name}"
    return area.governance_body


def gather(request, progress=lambda percent, stage: None) -> ReturnContent:
    """Everything the document shows for a ReportRequest, as its requester may see it."""
    user, area, period = request.requested_by, request.area, request.period
    assessment = (
        SelfAssessment.objects.select_related("edition", "signed_off_by", "submitted_by").get(
            pk=request.assessment_id
        )
        if request.assessment_id
        else None
    )
    edition = assessment.edition if assessment else StandardsEdition.current()
    progress(10, "Reading the self-assessment")
    standards = standard_sections(edition, assessment) if edition else []
    progress(20, "Computing the area's figures")
    dashboard = build(user, Selection(area=area, period=period), level=groups.FIVE)
    progress(45, "Reading workforce, engagement, outreach and awareness")
    workforce = area_workforce(user, area, period)
    tables = sections.evidence_tables(user, area, period, dashboard, workforce)
    progress(60, "Reading challenges, the action plan and escalation")
    tables.update(review.review_tables(user, area, period))
    return ReturnContent(
        area_name=area.name,
        commissioner=commissioner_name(area),
        period_label=period.label,
        period_code=period.code,
        generated_at=timezone.localtime(timezone.now()),
        edition=str(edition) if edition else "The Quality Standards are not loaded",
        assessment=assessment_info(assessment),
        standards=standards,
        summary=summary_lines(user, area, period, dashboard, standards, assessment),
        dashboard=dashboard,
        key_findings=key_findings(dashboard),
        workforce=workforce,
        tables=tables,
    )

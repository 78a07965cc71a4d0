"""The review part of the return: challenges and responses, the action plan and the
escalation timeline, each a core.tables.Table (dates as dates, for the spreadsheets)."""

from django.utils import timezone

from assurance.models import ActionPlan, Challenge
from assurance.selectors import area_timeline
from core.tables import Table
from reports.sections import date_of
from returns.models import Period


def _name(user) -> str:
    return user.display_name if user else ""


def challenges_table(user, area, period: Period) -> Table:
    """Challenges about this period's self-assessment, and those to the area as a whole."""
    rows = []
    for c in (
        Challenge.objects.visible_to(user)
        .filter(area=area)
        .select_related("standard", "assessment__period", "raised_by", "responded_by")
        .order_by("raised_at", "pk")
    ):
        if c.assessment_id and c.assessment.period_id != period.pk:
            continue
        about = f"Quality Standard {c.standard.number}" if c.standard_id else "The area as a whole"
        if c.assessment_id:
            about += f", self-assessment version {c.assessment.version}"
        rows.append(
            [
                date_of(c.raised_at),
                _name(c.raised_by),
                about,
                c.text,
                c.get_status_display(),
                c.response,
                date_of(c.responded_at),
                _name(c.responded_by),
                date_of(c.closed_at),
            ]
        )
    return Table(
        title="Challenges and responses",
        headers=[
            "Raised on",
            "Raised by",
            "About",
            "Challenge",
            "Status",
            "Response",
            "Answered on",
            "Answered by",
            "Closed on",
        ],
        rows=rows,
        notes=["Challenges about other periods' self-assessments are in those periods' returns."],
        slug="challenges",
    )


def actions_table(user, area, today) -> Table:
    """The agreed plan and any proposed revision (plans replaced by a revision are left out)."""
    plans = (
        ActionPlan.objects.visible_to(user)
        .filter(area=area)
        .exclude(status=ActionPlan.Status.REPLACED)
        .order_by("revision")
    )
    rows = []
    for plan in plans:
        for a in plan.actions.order_by("due_date", "pk"):
            rows.append(
                [
                    plan.revision,
                    plan.get_status_display(),
                    date_of(plan.agreed_at),
                    a.description,
                    a.owner,
                    a.due_date,
                    a.get_status_display(),
                    a.is_overdue_on(today),
                    date_of(a.done_at),
                ]
            )
    return Table(
        title="Action plan",
        headers=[
            "Plan revision",
            "Plan status",
            "Agreed on",
            "Action",
            "Owner",
            "Due",
            "Status",
            "Overdue",
            "Done on",
        ],
        rows=rows,
        notes=[f"Overdue: not done and due before {today.day} {today:%B %Y}."],
        slug="actions",
    )


def _step(item) -> str:
    """An escalation step as words ("from → to" has an arrow the PDF's fonts lack)."""
    if item["escalation"] and " → " in item["title"]:
        before, after = item["title"].split(" → ", 1)
        return f"Escalation: {after} (was: {before.lower()})"
    return item["title"]


def review_tables(user, area, period) -> dict:
    today = timezone.localdate()
    timeline = [
        [date_of(item["at"]), _step(item), item["by"], item["description"], item["escalation"]]
        for item in reversed(area_timeline(area))  # oldest first, as a timeline reads
    ]
    return {
        "challenges": challenges_table(user, area, period),
        "actions": actions_table(user, area, today),
        "timeline": Table(
            title="Escalation timeline",
            headers=["Date", "Step", "By", "Details", "Escalation step"],
            rows=timeline,
            notes=["Escalation steps and the milestones both sides act on, oldest first."],
            slug="timeline",
        ),
    }

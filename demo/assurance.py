"""The assurance cycle in the demo data: areas at different points of the Ministry of
Justice review, built through the same services the pages use.

- Metropolitan Police: submitted, rated, challenged, a plan agreed, then escalated and
  grant payments suspended (the far end of the guidance's escalation);
- South Wales: submitted, rated, challenged, with an agreed action plan, one action overdue;
- Leicestershire: a self-assessment in draft.
West Midlands is left untouched so a person (or the browser test) can walk the whole cycle.
Areas not in the data set are skipped, so every size works.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import Membership
from assurance.figures import figures_for
from assurance.models import EscalationState, Prompt, QualityStandard, Rating, StandardsEdition
from assurance.services import (
    action_add,
    action_plan_agree,
    action_update,
    assessment_answers_save,
    assessment_rate,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    challenge_raise,
    challenge_respond,
    engagement_record,
    escalation_advance,
    outreach_record,
    suspension_decide,
    suspension_request,
)
from reference.models import Area
from returns.models import Period

# A plausible answer for each standard: what a commissioner's office writes.
ANSWERS = {
    1: "Our needs assessment uses Census 2021 and Crime Survey data with the returns in Reach; "
    "we met the community safety forum and two by-and-for organisations this period.",
    2: "Two of our nine commissioned services are led by and for ethnic minority communities. "
    "Senior staff in our office do not yet reflect the area; we have set a recruitment action.",
    3: "Outreach workers attended community venues and faith settings; materials are in five "
    "languages. Self-referrals from Black Caribbean victims remain low.",
}


def _user(role: str, area=None):
    membership = (
        Membership.objects.filter(role=role, area=area)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _second_assessor(first):
    membership = (
        Membership.objects.filter(role="assessor")
        .exclude(user=first)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _submitted(area, period, edition, commissioner):
    assessment = assessment_start(area=area, period=period, by=commissioner)
    answers = {
        prompt.pk: (ANSWERS[prompt.standard.number], "")
        for prompt in Prompt.objects.filter(
            standard__edition=edition, answerable=True
        ).select_related("standard")
    }
    assessment_answers_save(assessment=assessment, answers=answers, by=commissioner)
    assessment_sign_off(assessment=assessment, by=commissioner)
    return assessment_submit(
        assessment=assessment, by=commissioner, figures=figures_for(commissioner, area, period)
    )


def _rate_and_challenge(assessment, edition, assessor, commissioner, ratings, today):
    standards = {s.number: s for s in QualityStandard.objects.filter(edition=edition)}
    for number, (rating, comment) in ratings.items():
        assessment_rate(
            assessment=assessment,
            standard=standards[number],
            rating=rating,
            comment=comment,
            by=assessor,
        )
    challenge = challenge_raise(
        area=assessment.area,
        assessment=assessment,
        standard=standards[3],
        by=assessor,
        text="Show how awareness among Black Caribbean and Bangladeshi victims is measured, and "
        "what outreach is planned where self-referrals are low.",
    )
    challenge_respond(
        challenge=challenge,
        by=commissioner,
        response="We will add awareness questions to the victims' survey and fund an outreach worker.",
    )
    actions = [
        (
            "Add awareness by ethnic group to the victims' survey",
            "Head of commissioning",
            today - datetime.timedelta(days=14),
        ),
        (
            "Fund an outreach worker for Black Caribbean communities",
            "Victims' services lead",
            today + datetime.timedelta(days=60),
        ),
        (
            "Review senior recruitment in the office",
            "Chief executive",
            today + datetime.timedelta(days=120),
        ),
    ]
    added = [
        action_add(area=assessment.area, description=d, owner=o, due_date=due, by=commissioner)
        for d, o, due in actions
    ]
    action_plan_agree(plan=added[0].plan, by=assessor, note="Agreed at the review meeting.")
    action_update(action=added[2], status="in_progress", by=commissioner)
    return added


@transaction.atomic
def demo_assurance(*, today: datetime.date | None = None) -> list[str]:
    """Build the demo assurance cycle; returns the names of the areas it touched."""
    edition = StandardsEdition.current()
    assessor = _user("assessor")
    if edition is None or assessor is None:
        return []
    period = (
        Period.objects.filter(end__lt=today or datetime.date.today()).order_by("-start").first()
    )
    today = today or datetime.date.today()
    touched = []
    areas = Area.objects.in_bulk(["E23000001", "W15000003", "E23000021"], field_name="code")

    if (area := areas.get("W15000003")) and (commissioner := _user("commissioner", area)):
        assessment = _submitted(area, period, edition, commissioner)
        _rate_and_challenge(
            assessment,
            edition,
            assessor,
            commissioner,
            {
                1: (Rating.MET, "A clear local picture from data and engagement."),
                2: (Rating.PARTLY_MET, "Senior staff do not yet reflect the area."),
                3: (Rating.EVIDENCE_MISSING, "No awareness indicators by ethnic group."),
            },
            today,
        )
        engagement_record(
            area=area,
            by=commissioner,
            kind="panel",
            title="Diversity panel",
            held_on=period.end - datetime.timedelta(days=30),
            communities="Somali, Yemeni and Bangladeshi communities in Cardiff",
            organisations="Two by-and-for women's organisations",
            by_and_for_involved=True,
            participants=14,
            what_was_said="Victims do not know services are independent of the police.",
            what_changed="Leaflets now lead with 'independent of the police' in Arabic, Somali and Bengali.",
        )
        outreach_record(
            area=area,
            by=commissioner,
            held_on=period.end - datetime.timedelta(days=40),
            channel="faith_setting",
            description="Drop-in at a mosque after Friday prayers",
            communities="Somali and Yemeni",
            people_reached=120,
            message_independent=True,
            message_free=True,
            message_no_report_needed=True,
        )
        touched.append(area.name)

    if (area := areas.get("E23000001")) and (commissioner := _user("commissioner", area)):
        assessment = _submitted(area, period, edition, commissioner)
        _rate_and_challenge(
            assessment,
            edition,
            assessor,
            commissioner,
            {
                1: (Rating.PARTLY_MET, "Data by 19 groups is not yet used in commissioning."),
                2: (
                    Rating.NOT_MET,
                    "Bangladeshi victims are under-represented and no plan addresses it.",
                ),
                3: (Rating.PARTLY_MET, "Outreach is not targeted at the groups services miss."),
            },
            today,
        )
        escalation_advance(
            area=area,
            to=EscalationState.ESCALATED,
            by=assessor,
            reason="The agreed actions are overdue and under-representation persists.",
        )
        suspension = suspension_request(
            area=area,
            amount=Decimal("250000.00"),
            grant_reference="DEMO-PCC-2026-001",
            effective_date=today,
            reason="Concerns consistently not addressed (grant agreement, suspension clause).",
            by=assessor,
        )
        second = _second_assessor(assessor)
        if second is not None:
            suspension_decide(
                suspension=suspension,
                approve=True,
                by=second,
                note="Approved: the concerns are documented on the timeline.",
            )
        touched.append(area.name)

    if (area := areas.get("E23000021")) and (commissioner := _user("commissioner", area)):
        assessment = assessment_start(area=area, period=period, by=commissioner)
        first = Prompt.objects.filter(
            standard__edition=edition, standard__number=1, answerable=True
        ).first()
        assessment_answers_save(
            assessment=assessment, answers={first.pk: (ANSWERS[1], "")}, by=commissioner
        )
        touched.append(area.name)
    return touched

"""The area's assurance page and the assessor's review: ratings, challenges, action plan,
escalation and the timeline, shown to both sides with each control offered only to the
role that may use it (assurance/workflow.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_POST

from accounts.authorization import Permission, has_permission
from assurance import services
from assurance.forms import (
    ActionForm,
    ActionStatusForm,
    ChallengeForm,
    ChallengeResponseForm,
    EscalationForm,
    PlanAgreeForm,
    RatingForm,
    SuspensionDecisionForm,
)
from assurance.models import (
    ActionPlan,
    Challenge,
    EscalationState,
    QualityStandard,
    Rating,
    SelfAssessment,
    StandardRating,
    StandardsEdition,
)
from assurance.pages import PAGES
from assurance.selectors import area_assurance_status, area_timeline
from assurance.services.review import PLAN_WRITERS
from assurance.views._common import (
    error_prefix,
    get_area,
    get_period,
    recent_periods,
    redirect_back,
    refused,
    versions_for,
)
from assurance.workflow import escalation_next_steps
from core.access import check, requires


def _can(user, permission, area) -> bool:
    return has_permission(user, permission, area=area)


def shared_context(request, area, page_url: str, forms=None) -> dict:
    """Challenges, action plan, escalation and timeline: the parts both sides see.

    `page_url` is the page the forms go back to. It is not `request.path`: a form shown
    again with its errors is at the URL it was posted to, which answers only POST.
    """
    user, forms = request.user, forms or {}
    status = area_assurance_status(area)
    challenges = []
    for c in (
        Challenge.objects.visible_to(user)
        .filter(area=area)
        .select_related("standard", "raised_by", "responded_by", "closed_by", "assessment__period")
    ):
        respond = None
        if c.status == Challenge.Status.OPEN and _can(user, Permission.CHALLENGE_RESPOND, area):
            respond = forms.get(f"challenge-{c.pk}") or ChallengeResponseForm(
                prefix=f"challenge-{c.pk}"
            )
        challenges.append(
            {
                "c": c,
                "respond_form": respond,
                "can_close": c.status != Challenge.Status.CLOSED
                and _can(user, Permission.CHALLENGE_WRITE, area),
            }
        )
    plans = {
        p.status: p
        for p in ActionPlan.objects.visible_to(user)
        .filter(area=area)
        .exclude(status=ActionPlan.Status.REPLACED)
        .select_related("agreed_by")
    }
    agreed, proposed = plans.get(ActionPlan.Status.AGREED), plans.get(ActionPlan.Status.PROPOSED)
    can_update = _can(user, Permission.ACTION_UPDATE, area)
    agreed_actions = [
        {
            "a": a,
            "form": (
                forms.get(f"action-{a.pk}")
                or ActionStatusForm(prefix=f"action-{a.pk}", initial={"status": a.status})
            )
            if can_update
            else None,
        }
        for a in (agreed.actions.all() if agreed else [])
    ]
    can_write_plan = any(_can(user, p, area) for p in PLAN_WRITERS)
    state = status["escalation"]["state"]
    steps = escalation_next_steps(state, user, area)
    edition = StandardsEdition.current()
    return {
        "area": area,
        "status": status,
        "challenges": challenges,
        "challenge_form": (
            forms.get("challenge")
            or ChallengeForm(
                prefix="challenge", standards=edition.standards.all() if edition else ()
            )
        )
        if _can(user, Permission.CHALLENGE_WRITE, area)
        else None,
        "agreed_plan": agreed,
        "agreed_actions": agreed_actions,
        "proposed_plan": proposed,
        "proposed_actions": list(proposed.actions.all()) if proposed else [],
        "can_write_plan": can_write_plan,
        "action_form": (forms.get("new-action") or ActionForm(prefix="new-action"))
        if can_write_plan and (proposed or not agreed)
        else None,
        "can_revise": can_write_plan and agreed and not proposed,
        "agree_form": (forms.get("agree") or PlanAgreeForm(prefix="agree"))
        if proposed and _can(user, Permission.ACTION_PLAN_AGREE, area)
        else None,
        "escalation_form": (
            forms.get("escalation") or EscalationForm(prefix="escalation", steps=steps)
        )
        if steps
        else None,
        "timeline": area_timeline(area),
        "suspension": services.pending_suspension(area),
        "can_request_suspension": state == EscalationState.ESCALATED
        and _can(user, Permission.SUSPENSION_REQUEST, area),
        "can_decide_suspension": _can(user, Permission.SUSPENSION_APPROVE, area),
        "suspension_form": SuspensionDecisionForm(prefix="decision"),
        "next": page_url,
        # Shown again with errors: their summary goes at the top of the page (GOV.UK).
        "error_forms": [f for f in forms.values() if f.errors],
    }


@requires(Permission.ASSESSMENT_VIEW)
def area(request, slug, forms=None, status=200):
    area = get_area(request, slug)
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    periods = []
    for period in recent_periods():
        versions = list(versions_for(request.user, area, period))
        periods.append({"period": period, "latest": versions[0] if versions else None})
    page_url = reverse("assurance:area", args=[area.slug])
    context = shared_context(request, area, page_url, forms) | {
        "page_title": error_prefix(status) + f"{area.name}: Quality Standards",
        "periods": periods,
        "is_assessor": _can(request.user, Permission.ASSESSMENT_RATE, area),
    }
    return render(request, "assurance/area.html", context, status=status)


@requires(Permission.ASSESSMENT_RATE)
def review(request, slug, period, forms=None, status=200):
    area = get_area(request, slug)
    check(request.user, Permission.ASSESSMENT_RATE, area=area)
    period = get_period(period)
    assessment = (
        SelfAssessment.objects.visible_to(request.user)
        .filter(area=area, period=period, status=SelfAssessment.Status.SUBMITTED)
        .select_related("edition", "submitted_by", "signed_off_by")
        .first()
    )
    forms = forms or {}
    standards = []
    if assessment is not None:
        answers = {a.prompt_id: a for a in assessment.answers.all()}
        ratings = list(
            StandardRating.objects.filter(assessment=assessment).select_related(
                "rated_by", "standard"
            )
        )
        figures = assessment.figures or {}
        for standard in assessment.edition.standards.prefetch_related("prompts"):
            page = PAGES.get(standard.number)
            standards.append(
                {
                    "standard": standard,
                    "prompts": [(p, answers.get(p.pk)) for p in standard.prompts.all()],
                    "cards": [figures[k] for k in (page.cards if page else ()) if k in figures],
                    "ratings": [r for r in ratings if r.standard_id == standard.pk],
                    "form": forms.get(f"qs{standard.number}")
                    or RatingForm(prefix=f"qs{standard.number}", number=standard.number),
                }
            )
    page_url = reverse("assurance:review", args=[area.slug, period.code])
    context = shared_context(request, area, page_url, forms) | {
        "page_title": error_prefix(status) + f"{area.name}: review, {period.label}",
        "period": period,
        "assessment": assessment,
        "standards": standards,
    }
    return render(request, "assurance/review.html", context, status=status)


def rerender(request, area_obj, forms):
    """Show the page the form came from again, with its errors (400)."""
    try:
        match = resolve(request.POST.get("next", ""))
    except Resolver404:
        match = None
    if match and match.url_name == "review" and match.namespace == "assurance":
        return review(request, area_obj.slug, match.kwargs["period"], forms=forms, status=400)
    return area(request, area_obj.slug, forms=forms, status=400)


@require_POST
@requires(Permission.ASSESSMENT_RATE)
def rate(request, slug, period, number):
    area_obj = get_area(request, slug)
    check(request.user, Permission.ASSESSMENT_RATE, area=area_obj)
    period_obj = get_period(period)
    assessment = get_object_or_404(
        SelfAssessment.objects.visible_to(request.user),
        area=area_obj,
        period=period_obj,
        status=SelfAssessment.Status.SUBMITTED,
    )
    standard = get_object_or_404(QualityStandard, edition=assessment.edition, number=number)
    form = RatingForm(request.POST, prefix=f"qs{number}", number=number)
    back = reverse("assurance:review", args=[slug, period])
    if not form.is_valid():
        return review(request, slug, period, forms={f"qs{number}": form}, status=400)
    try:
        services.assessment_rate(
            assessment=assessment,
            standard=standard,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
    except services.Refused as error:
        return refused(request, error, back)
    label = Rating(form.cleaned_data["rating"]).label
    messages.success(request, f"Quality Standard {number} rated “{label}”.")
    return redirect_back(request, back, f"standard-{number}")

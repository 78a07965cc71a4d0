"""The POST actions of the review, shared by both sides: challenges, the action plan
and escalation. Each checks the role for the area, calls one service, and goes back to the
page it came from; a step out of order is refused (409) with nothing changed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from accounts.authorization import Permission
from assurance import services
from assurance.forms import (
    ActionForm,
    ActionStatusForm,
    ChallengeForm,
    ChallengeResponseForm,
    EscalationForm,
    PlanAgreeForm,
)
from assurance.models import (
    Action,
    ActionPlan,
    Challenge,
    EscalationState,
    SelfAssessment,
    StandardsEdition,
)
from assurance.views._common import (
    area_url,
    check_any,
    get_area,
    redirect_back,
    refused,
    requires_any,
)
from assurance.views.review import PLAN_WRITERS, rerender
from assurance.workflow import escalation_next_steps
from core.access import check, requires


@require_POST
@requires(Permission.CHALLENGE_WRITE)
def challenge_raise(request, slug):
    area_obj = get_area(request, slug)
    check(request.user, Permission.CHALLENGE_WRITE, area=area_obj)
    edition = StandardsEdition.current()
    standards = list(edition.standards.all()) if edition else []
    form = ChallengeForm(request.POST, prefix="challenge", standards=standards)
    if not form.is_valid():
        return rerender(request, area_obj, {"challenge": form})
    assessment = None
    period_code = request.POST.get("period")
    if period_code:
        assessment = get_object_or_404(
            SelfAssessment.objects.visible_to(request.user),
            area=area_obj,
            period__code=period_code,
            status=SelfAssessment.Status.SUBMITTED,
        )
        standards = list(assessment.edition.standards.all())
    number = form.cleaned_data["standard"]
    standard = next((s for s in standards if s.number == number), None) if number else None
    try:
        services.challenge_raise(
            area=area_obj,
            text=form.cleaned_data["text"],
            by=request.user,
            assessment=assessment,
            standard=standard,
        )
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Challenge raised. The commissioner's office has been told.")
    return redirect_back(request, area_url(area_obj), "challenges")


def _challenge(request, area_obj, pk) -> Challenge:
    return get_object_or_404(Challenge.objects.visible_to(request.user), area=area_obj, pk=pk)


@require_POST
@requires(Permission.CHALLENGE_RESPOND)
def challenge_respond(request, slug, pk):
    area_obj = get_area(request, slug)
    challenge = _challenge(request, area_obj, pk)
    check(request.user, Permission.CHALLENGE_RESPOND, area=area_obj)
    form = ChallengeResponseForm(request.POST, prefix=f"challenge-{pk}")
    if not form.is_valid():
        return rerender(request, area_obj, {f"challenge-{pk}": form})
    try:
        services.challenge_respond(
            challenge=challenge, response=form.cleaned_data["response"], by=request.user
        )
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Your answer was sent to the Ministry of Justice.")
    return redirect_back(request, area_url(area_obj), "challenges")


@require_POST
@requires(Permission.CHALLENGE_WRITE)
def challenge_close(request, slug, pk):
    area_obj = get_area(request, slug)
    challenge = _challenge(request, area_obj, pk)
    check(request.user, Permission.CHALLENGE_WRITE, area=area_obj)
    try:
        services.challenge_close(challenge=challenge, by=request.user)
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Challenge closed.")
    return redirect_back(request, area_url(area_obj), "challenges")


@require_POST
@requires_any(*PLAN_WRITERS)
def action_add(request, slug):
    area_obj = get_area(request, slug)
    check_any(request.user, *PLAN_WRITERS, area=area_obj)
    form = ActionForm(request.POST, prefix="new-action")
    if not form.is_valid():
        return rerender(request, area_obj, {"new-action": form})
    try:
        services.action_add(area=area_obj, by=request.user, **form.cleaned_data)
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Action added to the proposed plan.")
    return redirect_back(request, area_url(area_obj), "action-plan")


def _action(request, area_obj, pk) -> Action:
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related("plan__area"),
        plan__area=area_obj,
        pk=pk,
    )


@require_POST
@requires_any(*PLAN_WRITERS)
def action_remove(request, slug, pk):
    area_obj = get_area(request, slug)
    action = _action(request, area_obj, pk)
    check_any(request.user, *PLAN_WRITERS, area=area_obj)
    try:
        services.action_remove(action=action, by=request.user)
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Action removed from the proposed plan.")
    return redirect_back(request, area_url(area_obj), "action-plan")


@require_POST
@requires(Permission.ACTION_UPDATE)
def action_update(request, slug, pk):
    area_obj = get_area(request, slug)
    action = _action(request, area_obj, pk)
    check(request.user, Permission.ACTION_UPDATE, area=area_obj)
    form = ActionStatusForm(request.POST, prefix=f"action-{pk}")
    if not form.is_valid():
        return rerender(request, area_obj, {f"action-{pk}": form})
    try:
        services.action_update(action=action, status=form.cleaned_data["status"], by=request.user)
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Progress recorded.")
    return redirect_back(request, area_url(area_obj), "action-plan")


@require_POST
@requires(Permission.ACTION_PLAN_AGREE)
def plan_agree(request, slug):
    area_obj = get_area(request, slug)
    check(request.user, Permission.ACTION_PLAN_AGREE, area=area_obj)
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(request.user),
        area=area_obj,
        status=ActionPlan.Status.PROPOSED,
    )
    form = PlanAgreeForm(request.POST, prefix="agree")
    form.is_valid()
    try:
        services.action_plan_agree(
            plan=plan, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Action plan agreed. It is now frozen; a change is a revision.")
    return redirect_back(request, area_url(area_obj), "action-plan")


@require_POST
@requires_any(*PLAN_WRITERS)
def plan_revise(request, slug):
    area_obj = get_area(request, slug)
    check_any(request.user, *PLAN_WRITERS, area=area_obj)
    try:
        services.action_plan_revise(area=area_obj, by=request.user)
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(request, "Revision started from the actions not yet done.")
    return redirect_back(request, area_url(area_obj), "action-plan")


@require_POST
@requires(Permission.ESCALATION_ADVANCE)
def escalation_advance(request, slug):
    area_obj = get_area(request, slug)
    check(request.user, Permission.ESCALATION_ADVANCE, area=area_obj)
    # Any state is accepted here so that a step out of order gets the workflow's own
    # explanation (409); the page offers only the allowed steps.
    form = EscalationForm(request.POST, prefix="escalation", steps=EscalationState.choices)
    if not form.is_valid():
        steps = escalation_next_steps(services.escalation_state(area_obj), request.user, area_obj)
        shown = EscalationForm(request.POST, prefix="escalation", steps=steps)
        shown.is_valid()
        return rerender(request, area_obj, {"escalation": shown})
    try:
        services.escalation_advance(
            area=area_obj,
            to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except services.Refused as error:
        return refused(request, error, area_url(area_obj))
    messages.success(
        request, f"Escalation step recorded: “{EscalationState(form.cleaned_data['to']).label}”."
    )
    return redirect_back(request, area_url(area_obj), "escalation")

"""Suspending an area's grant payments: asked for by one assessor, checked on a
confirmation page, and in effect only once a second assessor approves (four eyes;
assurance/workflow.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.authorization import Permission
from assurance import services
from assurance.forms import SuspensionDecisionForm, SuspensionForm
from assurance.models import EscalationState, GrantSuspension
from assurance.views._common import area_url, get_area, refused
from core.access import check, requires


@requires(Permission.SUSPENSION_REQUEST)
def suspension_request(request, slug):
    area = get_area(request, slug)
    check(request.user, Permission.SUSPENSION_REQUEST, area=area)
    back = area_url(area) + "#escalation"
    if services.escalation_state(area) != EscalationState.ESCALATED:
        return refused(
            request, "Grant payments can be suspended only once concerns are escalated.", back
        )
    form = SuspensionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("confirmed") == "yes":
                try:
                    services.suspension_request(area=area, by=request.user, **data)
                except services.Refused as error:
                    return refused(request, error, back)
                messages.success(
                    request,
                    f"Suspension of £{data['amount']:,.2f} sent for approval. Payments are "
                    "not suspended until another assessor approves it.",
                )
                return redirect(back)
            return render(
                request,
                "assurance/suspension_check.html",
                {
                    "page_title": "Check the suspension before you send it",
                    "area": area,
                    "data": data,
                    "form": form,
                },
            )
    return render(
        request,
        "assurance/suspension_form.html",
        {
            "page_title": ("Error: " if form.errors else "")
            + f"{area.name}: ask to suspend grant payments",
            "area": area,
            "form": form,
            "back": back,
        },
        status=status,
    )


@require_POST
@requires(Permission.SUSPENSION_APPROVE)
def suspension_decide(request, slug, pk):
    area = get_area(request, slug)
    check(request.user, Permission.SUSPENSION_APPROVE, area=area)
    suspension = get_object_or_404(
        GrantSuspension.objects.visible_to(request.user), area=area, pk=pk
    )
    back = area_url(area) + "#escalation"
    form = SuspensionDecisionForm(request.POST, prefix="decision")
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        decided = services.suspension_decide(
            suspension=suspension,
            approve=approve,
            by=request.user,
            note=form.cleaned_data.get("note", ""),
        )
    except services.Refused as error:
        return refused(request, error, back)
    messages.success(
        request,
        {
            GrantSuspension.Decision.APPROVED: f"Approved: {area.name}'s grant payments are suspended from {decided.effective_date.day} {decided.effective_date:%B %Y}.",
            GrantSuspension.Decision.REJECTED: f"Not approved: {area.name} is back to “escalated”.",
            GrantSuspension.Decision.WITHDRAWN: f"Withdrawn: {area.name} is back to “escalated”.",
        }[decided.decision],
    )
    return redirect(reverse("assurance:area", args=[area.slug]) + "#escalation")

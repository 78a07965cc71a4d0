"""The commissioner's self-assessment: an overview per period, one page per standard
(declared in assurance/pages.py), sign-off, submission and corrections."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.authorization import Permission, has_permission
from accounts.scope import scope_for
from assurance import services
from assurance.figures import cards_for_page, figures_for
from assurance.forms import AnswersForm, DeclarationForm
from assurance.models import SelfAssessment, StandardRating, StandardsEdition
from assurance.pages import PAGES
from assurance.selectors import all_areas_status
from assurance.views._common import (
    can_edit,
    error_prefix,
    get_area,
    get_period,
    recent_periods,
    refused,
    versions_for,
    working_version,
)
from core.access import check, requires, signed_in
from reference.models import Area
from returns.models import Period

S = SelfAssessment.Status


@signed_in
def home(request):
    """What this person can do in the assurance cycle."""
    user = request.user
    may = {
        p: has_permission(user, p)
        for p in (
            Permission.ASSESSMENT_VIEW,
            Permission.ASSESSMENT_RATE,
            Permission.WORKFORCE_RECORD,
            Permission.OUTREACH_RECORD,
        )
    }
    if not any(may.values()):
        raise PermissionDenied
    areas = list(Area.objects.visible_to(user).order_by("name"))
    scope = scope_for(user)
    context = {"page_title": "Quality Standards", "may": may, "periods": recent_periods()}
    if may[Permission.ASSESSMENT_RATE]:
        statuses = all_areas_status(areas)
        edition = StandardsEdition.current()
        numbers = set(edition.standards.values_list("number", flat=True)) if edition else set()
        codes = {
            s["latest_assessment"]["period"] for s in statuses.values() if s["latest_assessment"]
        }
        labels = {p.code: p.label for p in Period.objects.filter(code__in=codes)}
        rows = [
            {
                "area": a,
                "status": statuses[a.pk],
                "needs_review": _needs_review(statuses[a.pk], numbers),
                "period_label": labels.get(
                    (statuses[a.pk]["latest_assessment"] or {}).get("period")
                ),
            }
            for a in areas
        ]
        # Areas waiting for the Ministry of Justice come first (the guidance's bi-annual review).
        context["review_rows"] = sorted(rows, key=lambda r: not r["needs_review"])
    own = [a for a in areas if a.pk in scope.area_ids]
    context["own_areas"] = [
        {
            "area": a,
            "periods": [
                {"period": p, "latest": next(iter(versions_for(user, a, p)), None)}
                for p in context["periods"]
            ],
        }
        for a in own
    ]
    context["provider_areas"] = (
        [a for a in areas if a.pk not in scope.area_ids] if not scope.everything else []
    )
    return render(request, "assurance/home.html", context)


def _needs_review(status: dict, numbers: set[int]) -> bool:
    """A submitted version with a standard not yet rated, or an answer awaiting the assessor."""
    latest = status["latest_assessment"]
    unrated = latest is not None and any(
        status["ratings"].get(n, {}).get("assessment_id") != latest["id"] for n in numbers
    )
    return unrated or status["answered_challenges"] > 0


def _assessment_context(request, area, period):
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    return working_version(request.user, area, period)


@requires(Permission.ASSESSMENT_VIEW)
def assessment(request, slug, period):
    area = get_area(request, slug)
    period = get_period(period)
    current = _assessment_context(request, area, period)
    user = request.user
    progress = []
    if current is not None:
        answered = {a.prompt_id for a in current.answers.exclude(text="")}
        for standard in current.edition.standards.prefetch_related("prompts"):
            required = [p for p in standard.prompts.all() if p.answerable and not p.optional]
            done = sum(1 for p in required if p.pk in answered)
            progress.append({"standard": standard, "answered": done, "total": len(required)})
    submitted = next((v for v in versions_for(user, area, period) if v.status == S.SUBMITTED), None)
    ratings = {}
    if submitted:
        for r in (
            StandardRating.objects.filter(assessment=submitted)
            .select_related("standard")
            .order_by("rated_at")
        ):
            ratings[r.standard.number] = r
    missing = services.unanswered_prompts(current) if current and current.is_editable else []
    context = {
        "page_title": f"{area.name}: self-assessment, {period.label}",
        "area": area,
        "period": period,
        "assessment": current,
        "versions": list(versions_for(user, area, period)),
        "progress": progress,
        "submitted": submitted,
        "ratings": [ratings[n] for n in sorted(ratings)],
        "missing": missing,
        "can_edit": can_edit(user, area),
        "can_submit": has_permission(user, Permission.ASSESSMENT_SUBMIT, area=area),
        "can_review": has_permission(user, Permission.ASSESSMENT_RATE, area=area),
    }
    return render(request, "assurance/assessment.html", context)


def _post_target(request, slug, period):
    area = get_area(request, slug)
    period = get_period(period)
    return area, period, reverse("assurance:assessment", args=[area.slug, period.code])


@require_POST
@requires(Permission.ASSESSMENT_EDIT)
def assessment_start(request, slug, period):
    area, period, back = _post_target(request, slug, period)
    check(request.user, Permission.ASSESSMENT_EDIT, area=area)
    try:
        services.assessment_start(area=area, period=period, by=request.user)
    except services.Refused as error:
        return refused(request, error, back)
    messages.success(request, "Self-assessment started. Answer each standard's prompts.")
    return redirect(back)


@requires(Permission.ASSESSMENT_VIEW)
def assessment_standard(request, slug, period, number):
    """One standard: each prompt's answer and evidence, beside Reach's figures."""
    area = get_area(request, slug)
    period = get_period(period)
    current = _assessment_context(request, area, period)
    page = PAGES.get(number)
    if page is None:
        raise Http404("No such standard.")
    if current is None:
        messages.info(request, "There is no self-assessment for this period yet.")
        return redirect("assurance:assessment", area.slug, period.code)
    standard = get_object_or_404(current.edition.standards, number=number)
    prompts = list(standard.prompts.all())
    answers = {a.prompt_id: a for a in current.answers.filter(prompt__standard=standard)}
    editable = current.is_editable and can_edit(request.user, area)
    back = reverse("assurance:assessment", args=[area.slug, period.code])
    form = None
    status = 200
    if request.method == "POST":
        check(request.user, Permission.ASSESSMENT_EDIT, area=area)
        if not current.is_editable:
            return refused(
                request,
                f"Version {current.version} was submitted and is frozen. Start a correction to change it.",
                back,
            )
        form = AnswersForm(request.POST, prompts=prompts, answers=answers)
        if form.is_valid():
            try:
                result = services.assessment_answers_save(
                    assessment=current, answers=form.answer_pairs(), by=request.user
                )
            except services.Refused as error:
                return refused(request, error, back)
            if result.sign_off_withdrawn:
                messages.warning(
                    request, "Your changes withdrew the sign-off: sign off again before submitting."
                )
            else:
                messages.success(request, f"Quality Standard {number} saved.")
            following = PAGES.get(number + 1)
            if "next" in request.POST and following:
                return redirect(
                    "assurance:assessment-standard", area.slug, period.code, following.number
                )
            return redirect(back if "next" in request.POST else request.path)
        status = 400
    elif editable:
        form = AnswersForm(prompts=prompts, answers=answers)
    if current.status in (S.SUBMITTED, S.SUPERSEDED) and current.figures:
        figures = current.figures
    else:
        figures = figures_for(request.user, area, period, page.cards)
    context = {
        "page_title": error_prefix(status) + f"Quality Standard {number}: {standard.title}",
        "area": area,
        "period": period,
        "assessment": current,
        "standard": standard,
        "page": page,
        "form": form,
        "prompts": [
            (p, answers.get(p.pk), form.fields_for(p) if form and p.answerable else None)
            for p in prompts
        ],
        "answer_pairs": [(p, answers.get(p.pk)) for p in prompts],
        "cards": cards_for_page(figures, page.cards),
        "figures_frozen": current.status in (S.SUBMITTED, S.SUPERSEDED) and bool(current.figures),
        "evidence": [
            (reverse(e.url_name, args=[area.slug]) + f"?period={period.code}", e.text)
            for e in page.evidence
        ],
        "count": len(PAGES),
        "has_next": (number + 1) in PAGES,
    }
    return render(request, "assurance/standard.html", context, status=status)


DECLARATIONS = {
    "sign_off": (
        "I confirm that these answers are complete and accurate to the best of my knowledge, "
        "and that I may sign them off for the Office of the Police and Crime Commissioner "
        "for {area}."
    ),
    "submit": (
        "I confirm that this is {area}'s bi-annual return for {period}, as signed off, and "
        "I am submitting it to the Ministry of Justice. It cannot be changed once submitted: "
        "a correction is a new version."
    ),
}


def _check_answers(request, slug, period, step: str):
    """Check your answers, with a declaration, before signing off or submitting."""
    area, period, back = _post_target(request, slug, period)
    check(request.user, Permission.ASSESSMENT_SUBMIT, area=area)
    current = working_version(request.user, area, period)
    if current is None:
        raise Http404("No self-assessment here.")
    declaration = DECLARATIONS[step].format(area=area.name, period=period.label)
    form = DeclarationForm(
        request.POST if request.method == "POST" else None, declaration=declaration
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if step == "sign_off":
                    services.assessment_sign_off(assessment=current, by=request.user)
                    messages.success(
                        request,
                        f"Version {current.version} signed off. Check it once more, then submit "
                        "it to the Ministry of Justice.",
                    )
                else:
                    figures = (
                        figures_for(request.user, area, period)
                        if current.status == S.SIGNED_OFF
                        else None
                    )
                    services.assessment_submit(assessment=current, by=request.user, figures=figures)
                    messages.success(
                        request,
                        f"Version {current.version} submitted to the Ministry of Justice. "
                        "It is now frozen; the assessors have been told.",
                    )
            except services.Refused as error:
                return refused(request, error, back)
            return redirect(back)
    answers = {a.prompt_id: a for a in current.answers.all()}
    standards = [
        {"standard": s, "prompts": [(p, answers.get(p.pk)) for p in s.prompts.all()]}
        for s in current.edition.standards.prefetch_related("prompts")
    ]
    titles = {
        "sign_off": "Check your answers before signing off",
        "submit": "Check before you submit",
    }
    return render(
        request,
        "assurance/check_answers.html",
        {
            "page_title": ("Error: " if form.errors else "") + titles[step],
            "area": area,
            "period": period,
            "assessment": current,
            "standards": standards,
            "form": form,
            "step": step,
            "missing": services.unanswered_prompts(current) if current.is_editable else [],
            "back": back,
        },
        status=status,
    )


@requires(Permission.ASSESSMENT_SUBMIT)
def assessment_sign_off(request, slug, period):
    return _check_answers(request, slug, period, "sign_off")


@requires(Permission.ASSESSMENT_SUBMIT)
def assessment_submit(request, slug, period):
    return _check_answers(request, slug, period, "submit")


@require_POST
@requires(Permission.ASSESSMENT_EDIT)
def assessment_correct(request, slug, period):
    area, period, back = _post_target(request, slug, period)
    check(request.user, Permission.ASSESSMENT_EDIT, area=area)
    submitted = (
        SelfAssessment.objects.visible_to(request.user)
        .filter(area=area, period=period, status=S.SUBMITTED)
        .first()
    )
    if submitted is None:
        return refused(request, "There is no submitted version to correct.", back)
    try:
        correction = services.assessment_correct(assessment=submitted, by=request.user)
    except services.Refused as error:
        return refused(request, error, back)
    messages.success(request, f"Version {correction.version} started from the submitted answers.")
    return redirect(back)


@requires(Permission.ASSESSMENT_VIEW)
def assessment_version(request, slug, period, version):
    """One version, whole and read-only, with the figures it was submitted with."""
    area = get_area(request, slug)
    period = get_period(period)
    check(request.user, Permission.ASSESSMENT_VIEW, area=area)
    current = get_object_or_404(versions_for(request.user, area, period), version=version)
    answers = {a.prompt_id: a for a in current.answers.all()}
    figures = current.figures or {}
    standards = [
        {
            "standard": s,
            "prompts": [(p, answers.get(p.pk)) for p in s.prompts.all()],
            "cards": cards_for_page(figures, PAGES[s.number].cards) if s.number in PAGES else [],
        }
        for s in current.edition.standards.prefetch_related("prompts")
    ]
    context = {
        "page_title": f"{area.name}: self-assessment version {current.version}, {period.label}",
        "area": area,
        "period": period,
        "assessment": current,
        "standards": standards,
    }
    return render(request, "assurance/version.html", context)

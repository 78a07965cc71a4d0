"""The library's staff side: commissioners submit case studies, the assessor approves them.

The public side (reading and searching approved case studies) is public/views.py.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.authorization import Permission, has_permission
from core.access import check, requires, signed_in
from library.forms import CaseStudyForm, DecisionForm
from library.models import CaseStudy
from library.services import case_study_decide, case_study_submit, case_study_update
from library.workflow import Refused
from reference.models import Area


def _case_studies(user):
    return CaseStudy.objects.visible_to(user).select_related("area").prefetch_related("standards")


@signed_in
def case_study_list(request):
    user = request.user
    submit_areas = [
        a
        for a in Area.objects.visible_to(user)
        if has_permission(user, Permission.CASE_STUDY_SUBMIT, area=a)
    ]
    everything = _case_studies(user)
    can_approve = has_permission(user, Permission.CASE_STUDY_APPROVE)
    waiting = everything.filter(status=CaseStudy.Status.SUBMITTED) if can_approve else None
    own = everything.filter(area__in=submit_areas) if submit_areas else None
    return render(
        request,
        "library/list.html",
        {
            "page_title": "Good-practice library",
            "submit_areas": submit_areas,
            "waiting": waiting,
            "own": own,
            "approved_count": CaseStudy.objects.approved().count(),
            "all_case_studies": everything if can_approve else None,
        },
    )


@requires(Permission.CASE_STUDY_SUBMIT)
def case_study_new(request, area):
    area = get_object_or_404(Area.objects.visible_to(request.user), slug=area)
    check(request.user, Permission.CASE_STUDY_SUBMIT, area=area)
    form = CaseStudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case_study = case_study_submit(form=form, area=area, by=request.user)
        messages.success(request, "Your case study is sent to the assessor team for approval.")
        return redirect("library:detail", slug=case_study.slug)
    return render(
        request,
        "library/form.html",
        {"page_title": f"Share a case study from {area}", "form": form, "area": area},
        status=400 if form.errors else 200,
    )


@signed_in
def case_study_detail(request, slug):
    case_study = get_object_or_404(_case_studies(request.user), slug=slug)
    user = request.user
    can_edit = (
        case_study.area is not None
        and has_permission(user, Permission.CASE_STUDY_SUBMIT, area=case_study.area)
        and case_study.status in (CaseStudy.Status.SUBMITTED, CaseStudy.Status.RETURNED)
    )
    can_decide = has_permission(user, Permission.CASE_STUDY_APPROVE)
    return render(
        request,
        "library/detail.html",
        {
            "page_title": case_study.title,
            "case_study": case_study,
            "can_edit": can_edit,
            "can_decide": can_decide,
            "decision_form": DecisionForm() if can_decide else None,
        },
    )


@requires(Permission.CASE_STUDY_SUBMIT)
def case_study_edit(request, slug):
    case_study = get_object_or_404(_case_studies(request.user), slug=slug)
    if case_study.area is None:
        return redirect("library:detail", slug=slug)
    check(request.user, Permission.CASE_STUDY_SUBMIT, area=case_study.area)
    form = CaseStudyForm(request.POST or None, instance=case_study)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            case_study_update(form=form, by=request.user)
        except Refused as refused:
            error = str(refused)
        else:
            messages.success(request, "Your changes are saved and sent for approval.")
            return redirect("library:detail", slug=slug)
    return render(
        request,
        "library/form.html",
        {
            "page_title": f"Change “{case_study.title}”",
            "form": form,
            "case_study": case_study,
            "refused": error,
        },
        status=400 if (form.errors or error) else 200,
    )


@require_POST
@requires(Permission.CASE_STUDY_APPROVE)
def case_study_decision(request, slug):
    case_study = get_object_or_404(_case_studies(request.user), slug=slug)
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            case_study_decide(
                case_study=case_study,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except Refused as refused:
            error = str(refused)
        else:
            case_study.refresh_from_db()
            messages.success(
                request, f"The case study is {case_study.get_status_display().lower()}."
            )
            return redirect("library:detail", slug=slug)
    return render(
        request,
        "library/detail.html",
        {
            "page_title": case_study.title,
            "case_study": case_study,
            "can_edit": False,
            "can_decide": True,
            "decision_form": form,
            "refused": error,
        },
        status=409 if error else 400,
    )

"""The web form: a task list of short pages, one per crime type, saved as a draft."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.authorization import Permission
from core.access import check, requires
from reference.models import CrimeType
from returns.services import SubmissionRefused
from returns.services.drafts import draft_crime_types_set, draft_open, draft_page_save, draft_send
from returns.views.lookups import posted, provider_area_period, return_for
from returns.web_form import (
    NOT_KNOWN_CRIME,
    NOT_KNOWN_LABEL,
    NOT_RECORDED_CRIME,
    CrimePageForm,
    CrimeTypesForm,
    ethnic_groups,
    initial_for,
    outcomes,
)


def _open(request, provider, area, period):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_SUBMIT, provider=provider, area=area)
    draft = draft_open(provider=provider, area=area, period=period, by=request.user)
    return provider, area, period, draft


def _labels(codes) -> dict[str, str]:
    labels = dict(CrimeType.objects.filter(code__in=codes).values_list("code", "label"))
    labels[NOT_RECORDED_CRIME] = "All referrals (crime type not recorded)"
    labels[NOT_KNOWN_CRIME] = NOT_KNOWN_LABEL
    return labels


def _url(name, provider, area, period, *extra):
    return reverse(f"returns:{name}", args=[provider.slug, area.slug, period.code, *extra])


@requires(Permission.RETURN_SUBMIT)
def web_form(request, provider, area, period):
    """The task list: choose crime types, fill each one's page, check and send."""
    provider, area, period, draft = _open(request, provider, area, period)
    if not draft.crime_types:
        return redirect(_url("web-form-crime-types", provider, area, period))
    labels = _labels(draft.crime_types)
    order = {c.code: c.order for c in CrimeType.objects.filter(code__in=draft.crime_types)}
    tasks = [
        {
            "code": code,
            "label": labels.get(code, code),
            "done": code in draft.done,
            "prefilled": code not in draft.done and code in draft.counts,
            "referrals": sum(g.get("referrals", 0) for g in draft.counts.get(code, {}).values()),
        }
        for code in sorted(draft.crime_types, key=lambda c: order.get(c, 999))
    ]
    return render(
        request,
        "returns/web_form.html",
        {
            "page_title": f"Enter a return: {area}, {period}",
            "provider": provider,
            "area": area,
            "period": period,
            "draft": draft,
            "tasks": tasks,
            "ready": all(t["done"] for t in tasks),
            "total": sum(t["referrals"] for t in tasks),
            "record": return_for(request.user, provider, area, period),
        },
    )


@requires(Permission.RETURN_SUBMIT)
def web_form_crime_types(request, provider, area, period):
    provider, area, period, draft = _open(request, provider, area, period)
    initial = {
        "crime_types": [c for c in draft.crime_types if c != NOT_RECORDED_CRIME],
        "not_recorded": draft.crime_types == [NOT_RECORDED_CRIME],
    }
    form = CrimeTypesForm(posted(request), provider=provider, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft_crime_types_set(draft=draft, codes=form.codes(), by=request.user)
        return redirect(_url("web-form", provider, area, period))
    return render(
        request,
        "returns/web_form_crime_types.html",
        {
            "page_title": f"Crime types: {area}, {period}",
            "provider": provider,
            "area": area,
            "period": period,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@requires(Permission.RETURN_SUBMIT)
def web_form_page(request, provider, area, period, crime):
    provider, area, period, draft = _open(request, provider, area, period)
    if crime not in draft.crime_types:
        raise Http404("This crime type is not in the return: choose it first.")
    label = _labels([crime]).get(crime, crime)
    form = CrimePageForm(
        posted(request),
        initial=initial_for(draft.counts.get(crime, {})),
        crime_label=label,
        groups=ethnic_groups(),
        outcome_list=outcomes(),
    )
    if request.method == "POST" and form.is_valid():
        draft_page_save(draft=draft, crime=crime, counts=form.counts(), by=request.user)
        messages.success(request, f"{label}: saved.")
        return redirect(_url("web-form", provider, area, period))
    return render(
        request,
        "returns/web_form_page.html",
        {
            "page_title": f"{label}: {area}, {period}",
            "provider": provider,
            "area": area,
            "period": period,
            "crime": crime,
            "label": label,
            "form": form,
            "prefilled": crime in draft.counts and crime not in draft.done,
        },
        status=400 if form.errors else 200,
    )


@requires(Permission.RETURN_SUBMIT)
def web_form_check(request, provider, area, period):
    """Send the draft to "check your answers" (a POST: it makes a submission)."""
    provider, area, period, draft = _open(request, provider, area, period)
    if request.method != "POST":
        return redirect(_url("web-form", provider, area, period))
    try:
        submission = draft_send(draft=draft, by=request.user)
    except SubmissionRefused as refused:
        messages.error(request, str(refused))
        return redirect(_url("web-form", provider, area, period))
    return redirect("returns:submission", pk=submission.pk)

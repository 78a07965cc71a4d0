"""The web form: a task list of short pages, one per crime type, saved as a draft."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.authorization import Permission
from core.access import check, requires
from reference.models import CrimeType
from returns.services import SubmissionRefused
from returns.services.drafts import (
    draft_crime_types_set,
    draft_open,
    draft_page_save,
    draft_place_save,
    draft_places_choose,
    draft_send,
)
from returns.views.lookups import posted, provider_area_period, return_for
from returns.web_form import (
    NOT_KNOWN_CRIME,
    NOT_KNOWN_LABEL,
    NOT_RECORDED_CRIME,
    PLACES_TASK,
    CrimePageForm,
    CrimeTypesForm,
    PlaceCountsForm,
    PlacesForm,
    ethnic_groups,
    group_referrals,
    initial_for,
    name,
    outcomes,
    place_choices,
    placed_by_group,
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


def _page(request, template, title, provider, area, period, form, **context):
    """One of the web form's pages with its form: titled for the return it is part of,
    and a 400 when what was sent is refused."""
    return render(
        request,
        template,
        {
            "page_title": f"{title}: {area}, {period}",
            "provider": provider,
            "area": area,
            "period": period,
            "form": form,
            **context,
        },
        status=400 if form.errors else 200,
    )


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
            "places": _places_task(draft, area),
        },
    )


def _places_task(draft, area) -> dict:
    """The optional task's status on the task list."""
    places = draft.places or {}
    chosen, done = places.get("chosen", []), places.get("done", [])
    counts = places.get("counts", {})
    placed = sum(sum(by.values()) for by in counts.values())
    if places.get("not_recorded"):
        status, hint = "done", "Not recorded"
    elif not chosen:
        status, hint = "optional", ""
    elif all(c in done for c in chosen):
        status = "done"
    elif not done:
        status = "prefilled" if counts else "started"
    else:
        status = "started"
    if chosen:
        n = len(chosen)
        hint = (
            f"{placed} referral{'s' if placed != 1 else ''} in {n} local "
            f"authorit{'ies' if n != 1 else 'y'}"
        )
    return {
        "done": status == "done",
        "prefilled": status == "prefilled",
        "started": status == "started",
        "hint": hint,
        "next": _next_place(draft, area),
    }


def _unsaved(draft) -> str | None:
    """The first chosen local authority whose counts are not saved yet."""
    places = draft.places or {}
    done = places.get("done", [])
    return next((c for c in places.get("chosen", []) if c not in done), None)


def _after_places(draft, provider, area, period):
    """Once a page of the places task is saved: the next authority not yet saved, or the
    task list when every chosen one is."""
    if _unsaved(draft) is None:
        return redirect(_url("web-form", provider, area, period))
    return redirect(_next_place(draft, area))


def _next_place(draft, area) -> str:
    """Where the task's link goes: the first chosen authority not yet saved, or the choice."""
    code = _unsaved(draft)
    if code is None:
        return _url("web-form-places", draft.provider, area, draft.period)
    return _url("web-form-place", draft.provider, area, draft.period, code)


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
    return _page(
        request, "returns/web_form_crime_types.html", "Crime types", provider, area, period, form
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
    return _page(
        request,
        "returns/web_form_page.html",
        label,
        provider,
        area,
        period,
        form,
        crime=crime,
        label=label,
        prefilled=crime in draft.counts and crime not in draft.done,
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


@requires(Permission.RETURN_SUBMIT)
def web_form_places(request, provider, area, period):
    """Where the victims live (optional): choose the local authorities first."""
    provider, area, period, draft = _open(request, provider, area, period)
    places = draft.places or {}
    form = PlacesForm(
        posted(request),
        area=area,
        also=places.get("chosen", []),
        initial={
            "local_authorities": places.get("chosen", []),
            "not_recorded": places.get("not_recorded", False),
        },
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["local_authorities"]
        draft_places_choose(
            draft=draft,
            codes=chosen,
            not_recorded=form.cleaned_data["not_recorded"],
            by=request.user,
        )
        return _after_places(draft, provider, area, period)
    return _page(
        request,
        "returns/web_form_places.html",
        PLACES_TASK,
        provider,
        area,
        period,
        form,
        task=PLACES_TASK,
    )


@requires(Permission.RETURN_SUBMIT)
def web_form_place(request, provider, area, period, code):
    """One local authority's referrals by ethnic group."""
    provider, area, period, draft = _open(request, provider, area, period)
    places = draft.places or {}
    chosen = places.get("chosen", [])
    if code not in chosen:
        raise Http404("This local authority is not chosen: choose it first.")
    place = dict(place_choices(area, [code]))[code]
    counts = places.get("counts", {})
    groups = ethnic_groups()
    form = PlaceCountsForm(
        posted(request),
        initial={name(g, "referrals"): n for g, n in counts.get(code, {}).items()},
        place=place,
        groups=groups,
        referrals=group_referrals({c: draft.counts.get(c, {}) for c in draft.crime_types}),
        placed_elsewhere=placed_by_group(counts, leave_out=code),
    )
    if request.method == "POST" and form.is_valid():
        draft_place_save(draft=draft, code=code, counts=form.counts(), by=request.user)
        messages.success(request, f"{place}: saved.")
        return _after_places(draft, provider, area, period)
    return _page(
        request,
        "returns/web_form_place.html",
        f"{PLACES_TASK}, {place}",
        provider,
        area,
        period,
        form,
        task=PLACES_TASK,
        place=place,
        position=chosen.index(code) + 1,
        of=len(chosen),
        prefilled=code in counts and code not in places.get("done", []),
    )


def answered_places(submission, cube) -> dict:
    """For "check your answers" of a web-form return: each local authority's referrals in
    the checked counts, with a link to change them, and how many referrals have one."""
    from reference.models import LocalAuthority

    by_id: dict[int, int] = {}
    for row in cube.local_authorities.iter_rows(named=True):
        by_id[row["local_authority_id"]] = by_id.get(row["local_authority_id"], 0) + row["count"]
    where = (submission.provider, submission.area, submission.period)
    rows = [
        {"name": la.name, "count": by_id[la.pk], "url": _url("web-form-place", *where, la.code)}
        for la in LocalAuthority.objects.filter(pk__in=list(by_id)).order_by("name")
    ]
    return {
        "rows": rows,
        "placed": sum(by_id.values()),
        "total": cube.total,
        "change_url": _url("web-form-places", *where),
    }

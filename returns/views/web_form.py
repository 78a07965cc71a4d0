"""The web form: a return typed in as counts, for providers without a case system."""

from django.contrib import messages
from django.shortcuts import redirect, render

from accounts.authorization import Permission
from core.access import check, requires
from returns.cube import cube_from_counts, load_code_ids
from returns.services import return_version_store
from returns.submissions import previous_total
from returns.views.lookups import provider_area_period, return_for
from returns.web_form import WebReturnForm, counts_queries


@requires(Permission.RETURN_SUBMIT)
def web_form(request, provider, area, period):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_SUBMIT, provider=provider, area=area)
    crime_types = provider.crime_types.order_by("order")
    form = WebReturnForm(request.POST or None, crime_types=crime_types)
    queries = []
    if request.method == "POST" and form.is_valid():
        cube = cube_from_counts(form.rows(), load_code_ids())
        queries = counts_queries(
            total=cube.total,
            stated=cube.stated_ethnicity,
            previous_total=previous_total(provider=provider, area=area, period=period),
        )
        explanation = form.cleaned_data["explanation"].strip()
        if queries and len(explanation) < 10:
            # The same rule as uploads: figures that look unusual need a word of explanation.
            form.add_error(
                "explanation", "These figures raise a query: explain it in a sentence or two."
            )
    if request.method == "POST" and form.is_valid():
        version = return_version_store(
            provider=provider,
            area=area,
            period=period,
            cube=cube,
            channel="web_form",
            submitted_by=request.user,
            row_count=None,
            queries=queries,
            explanation=explanation if queries else "",
        )
        messages.success(
            request, f"Version {version.number} of your return is stored: {cube.total} referrals."
        )
        return redirect(
            "returns:history", provider=provider.slug, area=area.slug, period=period.code
        )
    return render(
        request,
        "returns/web_form.html",
        {
            "page_title": f"Enter a return: {area}, {period}",
            "form": form,
            "provider": provider,
            "area": area,
            "period": period,
            "record": return_for(request.user, provider, area, period),
            "queries": queries,
        },
        status=400 if form.errors else 200,
    )

"""When each period's returns are due: seen by everyone who sends or reads returns, set by
the assessor (returns/services/deadlines.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.authorization import Permission
from core.access import requires
from returns.forms import DueDateForm
from returns.models import Period
from returns.services import DecisionRefused
from returns.services.deadlines import period_due_date_set
from returns.views.lookups import posted

PERIODS_SHOWN = 8


@requires(Permission.RETURN_DEADLINE_SET)
def deadlines(request):
    today = timezone.localdate()
    periods = list(Period.objects.filter(start__lte=today).order_by("-start")[:PERIODS_SHOWN])
    return render(
        request,
        "returns/deadlines.html",
        {"page_title": "When returns are due", "periods": periods, "today": today},
    )


@requires(Permission.RETURN_DEADLINE_SET)
def deadline_edit(request, period):
    period = get_object_or_404(Period, code=period)
    form = DueDateForm(posted(request), initial={"due_on": period.due_date.strftime("%d/%m/%Y")})
    if request.method == "POST" and form.is_valid():
        try:
            period_due_date_set(
                period=period,
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DecisionRefused as refused:
            form.add_error("due_on", str(refused))
        else:
            messages.success(
                request,
                f"Returns for {period.label} are now due on {form.cleaned_data['due_on']:%d %B %Y}.",
            )
            return redirect("returns:deadlines")
    return render(
        request,
        "returns/deadline_edit.html",
        {
            "page_title": f"Change when returns are due: {period.label}",
            "period": period,
            "form": form,
        },
        status=400 if form.errors else 200,
    )

"""The assessor's audit trail page: search, filter, and download what is found.

Every filter narrows the same scoped queryset (`AuditEvent.objects.visible_to`, the
assessor only); the download is the filtered records as CSV, XLSX or ODS through the
project's one table writer (core/tables.py), and is itself recorded as an export.
"""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.authorization import Permission
from core.access import requires
from core.audit import VERBS, verb_label
from core.models import AUDIT_RETENTION_YEARS, AuditEvent
from core.tables import FORMATS, Table
from core.tables import render as render_table
from reference.models import Area

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # rows in one download; narrow the filters for more


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, help_text="Words in what was done to, or in the details."
    )
    who = forms.CharField(label="Who (email address or name)", required=False)
    verb = forms.ChoiceField(label="What was done", required=False)
    area = forms.ModelChoiceField(
        label="Area", queryset=Area.objects.order_by("name"), required=False, empty_label="Any area"
    )
    result = forms.ChoiceField(
        label="Result",
        required=False,
        choices=[("", "Any result")] + list(AuditEvent.Result.choices),
    )
    ip_address = forms.CharField(label="From address (IP)", required=False)
    start = forms.DateField(
        label="From (date)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a real date, like 2026-04-01."},
    )
    end = forms.DateField(
        label="To (date)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a real date, like 2026-09-30."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = set(AuditEvent.objects.values_list("verb", flat=True).distinct()) | set(VERBS)
        self.fields["verb"].choices = [("", "Anything")] + sorted(
            ((v, verb_label(v)) for v in known), key=lambda pair: pair[1]
        )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The end date must be on or after the start date.")
        return data


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered(qs, data: dict):
    if data.get("q"):
        qs = qs.filter(Q(target__icontains=data["q"]) | Q(summary__icontains=data["q"]))
    if data.get("who"):
        qs = qs.filter(
            Q(actor_label__icontains=data["who"])
            | Q(actor__username__icontains=data["who"])
            | Q(actor__full_name__icontains=data["who"])
        )
    if data.get("verb"):
        qs = qs.filter(verb=data["verb"])
    if data.get("area"):
        qs = qs.filter(area=data["area"])
    if data.get("result"):
        qs = qs.filter(result=data["result"])
    if data.get("ip_address"):
        qs = qs.filter(ip_address=data["ip_address"].strip())
    if data.get("start"):
        qs = qs.filter(at__gte=_day_start(data["start"]))
    if data.get("end"):
        qs = qs.filter(at__lt=_day_start(data["end"] + datetime.timedelta(days=1)))
    return qs


HEADERS = [
    "When (UK time)",
    "Who",
    "What was done",
    "To what",
    "Area",
    "Result",
    "Details",
    "From address",
    "Browser",
    "Channel",
    "Request",
]


def _row(event: AuditEvent) -> list:
    return [
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor.username if event.actor else (event.actor_label or "Reach"),
        verb_label(event.verb),
        event.target,
        event.area.name if event.area else "",
        event.get_result_display(),
        event.summary,
        event.ip_address or "",
        event.user_agent,
        event.get_channel_display(),
        event.request,
    ]


@requires(Permission.AUDIT_VIEW)
def audit_trail(request):
    base = AuditEvent.objects.visible_to(request.user).select_related("actor", "area")
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    qs = filtered(base, data) if valid else base.none()
    fmt = request.GET.get("download")
    if fmt in FORMATS and valid:
        table = Table(
            title="Audit trail",
            headers=HEADERS,
            rows=[_row(e) for e in qs[:EXPORT_LIMIT]],
            notes=[
                f"Records are kept for {AUDIT_RETENTION_YEARS} years and cannot be changed.",
                f"At most {EXPORT_LIMIT:,} records per download: narrow the filters for more.",
            ],
        )
        response = HttpResponse(render_table(table, fmt), content_type=FORMATS[fmt])
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="reach-audit-{stamp}.{fmt}"'
        return response
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("download", None)
    return render(
        request,
        "core/audit.html",
        {
            "page_title": ("Error: " if form.errors else "") + "Audit trail",
            "form": form,
            "page": page,
            "rows": [{"e": e, "verb": verb_label(e.verb)} for e in page],
            "query": query.urlencode(),
            "retention_years": AUDIT_RETENTION_YEARS,
            "export_limit": EXPORT_LIMIT,
        },
        status=400 if form.errors else 200,
    )

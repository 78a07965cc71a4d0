"""The published transparency reports as JSON: a list and each report with its tables.

Read-only, open to anyone without signing in, and holding published figures only: every
report is reached through publication/selectors.py (`live_reports`, `public_report`), and
its figures are the disclosure-controlled snapshot kept when it was published, never the
returns. Requests are limited per address (`PublicRate`, publication/limits.py), counted
in the database so the limit is the same however many processes and machines serve the API.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.problems import Gone
from api.serializers.returns import AREA_CODE, PERIOD_CODE
from publication.figures import period_words
from publication.limits import PublicRate
from publication.selectors import Withdrawn, live_reports, public_report


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The area's ONS code.")
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The period's code, e.g. 2026-27-H1.")
    label = serializers.CharField(help_text="The months covered, in words.")


class LinksSerializer(serializers.Serializer):
    page = serializers.URLField(help_text="The report's page.")
    pdf = serializers.URLField()
    csvw = serializers.URLField(help_text="CSV on the Web metadata describing each table's CSV.")
    xlsx = serializers.URLField()
    ods = serializers.URLField()
    api = serializers.URLField(help_text="This report in this API.")


class ReportSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The report's address: the same for every revision.")
    area = AreaSerializer()
    period = PeriodSerializer()
    revision = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    first_published_at = serializers.DateTimeField()
    links = LinksSerializer()


class TableSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="Each row's cells: a label, whole numbers (rounded to 5), percentages, "
        "or the symbols [c] (confidential), [x] (not available) and [z] (not applicable).",
    )
    notes = serializers.ListField(child=serializers.CharField())
    csv = serializers.URLField(help_text="The table as CSV.")


class SummarySerializer(serializers.Serializer):
    standard = serializers.IntegerField(help_text="The Quality Standard's number.")
    title = serializers.CharField()
    text = serializers.CharField(help_text="How the standard is met, written for the public.")


class ReportDetailSerializer(ReportSerializer):
    summaries = SummarySerializer(many=True)
    tables = TableSerializer(many=True)


def _links(request, report) -> dict:
    from django.urls import reverse

    def url(name):
        return request.build_absolute_uri(reverse(name, args=[report.slug]))

    return {
        "page": url("publication:report"),
        "pdf": url("publication:report-pdf"),
        "csvw": url("publication:report-csvw"),
        "xlsx": url("publication:report-xlsx"),
        "ods": url("publication:report-ods"),
        "api": url("api:published-report"),
    }


def _report(request, report) -> dict:
    return {
        "slug": report.slug,
        "area": {"code": report.area.code, "name": report.area.name},
        "period": {"code": report.period.code, "label": period_words(report.period)},
        "revision": report.revision,
        "published_at": report.published_at,
        "first_published_at": report.first_published_at,
        "links": _links(request, report),
    }


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRate]


TOO_MANY = OpenApiResponse(description="Too many requests from this address: wait and try again.")


class PublishedQuery(serializers.Serializer):
    """What the list can be narrowed to; anything else in these is refused with a 400."""

    area = serializers.RegexField(
        AREA_CODE,
        required=False,
        help_text="Only this area: its ONS code, e.g. E23000014.",
        error_messages={"invalid": "Use the area's ONS code: a capital letter and 8 digits."},
    )
    period = serializers.RegexField(
        PERIOD_CODE,
        required=False,
        help_text="Only this period: its code, e.g. 2026-27-H1 (April to September 2026).",
        error_messages={"invalid": "Use a period code such as 2026-27-H1."},
    )


class PublishedList(PublicView):
    @extend_schema(
        summary="Published transparency reports",
        parameters=[PublishedQuery],
        responses={200: ReportSerializer(many=True), 429: TOO_MANY},
    )
    def get(self, request):
        # A plain dict, so that an empty value is refused rather than read as "not given".
        query = PublishedQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        reports = live_reports().order_by("area__name", "-period__start")
        if area := query.validated_data.get("area"):
            reports = reports.filter(area__code=area)
        if period := query.validated_data.get("period"):
            reports = reports.filter(period__code=period)
        return Response([_report(request, r) for r in reports])


class PublishedDetail(PublicView):
    @extend_schema(
        summary="One published report: its public summaries and disclosure-controlled tables",
        responses={
            200: ReportDetailSerializer,
            404: OpenApiResponse(description="No report has been published at this address."),
            410: OpenApiResponse(description="The report was withdrawn: the problem says when."),
            429: TOO_MANY,
        },
    )
    def get(self, request, slug):
        from django.urls import reverse

        try:
            report = public_report(slug)
        except Withdrawn as gone:
            when = gone.report.withdrawn_at
            raise Gone(
                f"This report was withdrawn on {when.day} {when:%B %Y}."
                if when
                else "This report was withdrawn."
            ) from None
        data = _report(request, report)
        data["summaries"] = [
            {"standard": s.standard.number, "title": s.standard.title, "text": s.text}
            for s in report.summaries.select_related("standard").order_by("standard__number")
        ]
        data["tables"] = [
            {
                **{k: t[k] for k in ("slug", "title", "headers", "rows", "notes")},
                "csv": request.build_absolute_uri(
                    reverse("publication:report-csv", args=[report.slug, t["slug"]])
                ),
            }
            for t in report.tables
        ]
        return Response(data)

"""Read the figures an area dashboard shows, and every area's for the assessor, as JSON
(documented in the OpenAPI schema). The numbers come from the same functions as the pages
(monitoring/), so the API, the pages and the downloads agree."""

import re

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authorization import Permission
from api.permissions import requires
from api.problems import Unprocessable
from api.serializers.returns import PERIOD_CODE
from core.access import check
from monitoring import groups, verdicts
from monitoring.benchmarks import CRIME_TYPE_NOTE, NEED, POPULATION, benchmarks_for
from monitoring.data import MONTHS, Lookups, Selection, area_counts
from monitoring.national_figures import export_records
from monitoring.representation import representation_view
from monitoring.views import default_period
from organisations.models import Provider
from reference.models import Area, CrimeType
from returns.models import Period


class GroupSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Group code: ONS 1–19, or the 6-group / 5-group name.")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Referrals in the group (exact; internal figures).")
    share = serializers.FloatField(
        allow_null=True, help_text="Share of referrals with a stated ethnicity in this view."
    )
    benchmark_share = serializers.FloatField()
    ratio = serializers.FloatField(allow_null=True, help_text="share ÷ benchmark_share")
    ci_low = serializers.FloatField(
        allow_null=True, help_text="Lower 95% limit of the ratio (exact, Clopper–Pearson)."
    )
    ci_high = serializers.FloatField(allow_null=True)
    expected = serializers.FloatField(help_text="Expected referrals under the benchmark, N·π.")
    p_value = serializers.FloatField(
        allow_null=True, help_text="Two-sided exact binomial test of share = benchmark_share."
    )
    adjusted_low = serializers.FloatField(
        allow_null=True,
        help_text="Lower limit of the false-coverage-rate adjusted interval (Benjamini–Yekutieli) "
        "for the family: clear of 1 exactly when the group is flagged.",
    )
    adjusted_high = serializers.FloatField(allow_null=True)
    flag = serializers.ChoiceField(
        choices=["under", "over"],
        allow_null=True,
        help_text="Set only when the exact test survives Benjamini–Hochberg control over the family.",
    )
    verdict = serializers.ChoiceField(choices=list(verdicts.VERDICTS))
    verdict_label = serializers.CharField(help_text="The verdict in the words the pages use.")
    depends_on_missing = serializers.BooleanField(
        help_text="A flagged finding that could change with the not-stated referrals (false when there is no flag)."
    )


class RepresentationSerializer(serializers.Serializer):
    area = serializers.CharField()
    period = serializers.CharField()
    level = serializers.CharField()
    level_definition = serializers.CharField()
    period_label = serializers.CharField(help_text="The months covered, in words.")
    months = serializers.IntegerField(help_text="6, or 12 when two periods are added together.")
    benchmark = serializers.CharField()
    benchmark_explanation = serializers.CharField()
    family = serializers.CharField(help_text="Which comparisons are controlled together.")
    family_size = serializers.IntegerField()
    adjusted_confidence = serializers.FloatField(
        help_text="Confidence level of the adjusted intervals, 1 − max(R, 1)·q/m."
    )
    total_referrals = serializers.IntegerField()
    total_stated = serializers.IntegerField(
        help_text="Referrals with a stated ethnicity placed in this view."
    )
    not_stated = serializers.IntegerField(help_text="Prefer not to say and not known.")
    not_placed = serializers.IntegerField(
        help_text="Stated only as a high-level group, so not in the 19-group view."
    )
    groups = GroupSerializer(many=True)


class Representation(APIView):
    permission_classes = [requires(Permission.DASHBOARD_VIEW)]

    @extend_schema(
        summary="Representation of each ethnic group against population or need",
        parameters=[
            OpenApiParameter(
                "period",
                str,
                pattern=PERIOD_CODE,
                description="Period code, e.g. 2026-27-H1 (default: latest with data).",
            ),
            OpenApiParameter(
                "level",
                str,
                enum=list(groups.LEVELS),
                description="19, 6 or 5 groups (default 19).",
            ),
            OpenApiParameter(
                "benchmark", str, enum=[POPULATION, NEED], description="Default population."
            ),
            OpenApiParameter("provider", str, description="Provider slug, to show one provider."),
            OpenApiParameter(
                "crime_type",
                str,
                description="Crime type code. With a crime type only the population benchmark is available.",
            ),
            OpenApiParameter(
                "months",
                int,
                enum=list(MONTHS),
                description="6 (default) or 12: the period and the one before.",
            ),
        ],
        responses={
            200: RepresentationSerializer,
            404: OpenApiResponse(description="No such area that you can see, or no figures yet."),
            422: OpenApiResponse(
                description="No such period, provider or crime type that you can see, or a "
                "crime type with the need benchmark: `errors` names the parameter."
            ),
        },
    )
    def get(self, request, code):
        area = get_object_or_404(Area.objects.visible_to(request.user), code=code)
        check(request.user, Permission.DASHBOARD_VIEW, area=area)
        level = request.query_params.get("level", groups.DETAILED)
        benchmark = request.query_params.get("benchmark", POPULATION)
        if level not in groups.LEVELS:
            raise ValidationError({"level": [f"Use one of {', '.join(groups.LEVELS)}."]})
        if benchmark not in (POPULATION, NEED):
            raise ValidationError({"benchmark": ["Use population or need."]})
        months = request.query_params.get("months", "6")
        if months not in {str(m) for m in MONTHS}:
            raise ValidationError({"months": ["Use 6 or 12."]})
        selection = Selection(
            area=area,
            period=self._period(request, area),
            provider=self._optional(
                request, "provider", Provider.objects.visible_to(request.user), "slug"
            ),
            crime_type=self._optional(request, "crime_type", CrimeType.objects.all(), "code"),
            months=int(months),
        )
        benchmarks = benchmarks_for(area, selection.crime_type)
        if benchmark not in benchmarks:
            raise Unprocessable({"benchmark": [CRIME_TYPE_NOTE + " Use benchmark=population."]})
        counts = area_counts(request.user, selection)
        view = representation_view(counts.by_ethnicity, Lookups.load().groups, level, benchmarks)
        data = {
            "area": area.code,
            "period": selection.period.code,
            "period_label": selection.label,
            "months": selection.months if selection.pooled else 6,
            "level": level,
            "level_definition": groups.LEVELS[level]["definition"],
            "benchmark": benchmark,
            "benchmark_explanation": benchmarks[benchmark].explanation,
            "family": view.family_words,
            "family_size": view.family.size,
            "adjusted_confidence": view.family.confidence,
            "total_referrals": counts.total,
            "total_stated": view.stated,
            "not_stated": view.not_stated,
            "not_placed": view.unplaced,
            "groups": [
                {
                    "code": row.group.key,
                    "label": row.group.label,
                    "count": row.count,
                    "share": row.share,
                    "benchmark_share": c.benchmark_share,
                    "ratio": c.ratio.ratio,
                    "ci_low": c.ratio.low,
                    "ci_high": c.ratio.high,
                    "expected": c.ratio.expected,
                    "p_value": c.ratio.p_value,
                    "adjusted_low": c.adjusted.low if c.adjusted else None,
                    "adjusted_high": c.adjusted.high if c.adjusted else None,
                    "flag": c.flag,
                    "verdict": c.verdict,
                    "verdict_label": verdicts.label(c.verdict),
                    "depends_on_missing": c.flag_depends_on_missing,
                }
                for row in view.rows
                for c in [row.comparisons[benchmark]]
            ],
        }
        return Response(RepresentationSerializer(data).data)

    def _period(self, request, area):
        code = request.query_params.get("period")
        if code is None:
            period = default_period(request.user, area)
            if period is None:
                raise NotFound("There are no figures yet: no periods exist.")
            return period
        if not re.fullmatch(PERIOD_CODE, code):
            raise ValidationError({"period": ["Use a period code such as 2026-27-H1."]})
        try:
            return Period.objects.get(code=code)
        except Period.DoesNotExist:
            raise Unprocessable(
                {"period": [f"No period {code}; codes look like 2026-27-H1."]}
            ) from None

    def _optional(self, request, name, queryset, field):
        value = request.query_params.get(name)
        if not value:
            return None
        try:
            return queryset.get(**{field: value})
        except queryset.model.DoesNotExist:
            raise Unprocessable(
                {name: [f"No {name.replace('_', ' ')} {value!r} that you can see."]}
            ) from None


class NationalRowSerializer(serializers.Serializer):
    area_code = serializers.CharField()
    area = serializers.CharField()
    period = serializers.CharField(help_text="The period in words.")
    period_code = serializers.CharField()
    level = serializers.ChoiceField(choices=list(groups.LEVELS))
    group_code = serializers.CharField()
    group = serializers.CharField()
    benchmark = serializers.ChoiceField(choices=[POPULATION, NEED])
    count = serializers.IntegerField()
    stated = serializers.IntegerField(help_text="Referrals with a stated ethnicity in the view.")
    share = serializers.FloatField(allow_null=True)
    benchmark_share = serializers.FloatField()
    expected = serializers.FloatField()
    ratio = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)
    family_size = serializers.IntegerField(help_text="Comparisons in the area's family.")
    adjusted_low = serializers.FloatField(allow_null=True)
    adjusted_high = serializers.FloatField(allow_null=True)
    verdict = serializers.ChoiceField(choices=list(verdicts.VERDICTS))
    national_adjusted_low = serializers.FloatField(
        allow_null=True, help_text="19 groups against need only: the national family's interval."
    )
    national_adjusted_high = serializers.FloatField(allow_null=True)
    national_verdict = serializers.ChoiceField(choices=list(verdicts.VERDICTS), allow_null=True)


class NationalSerializer(serializers.Serializer):
    periods = serializers.ListField(child=serializers.CharField())
    rows = NationalRowSerializer(many=True)


class NationalFigures(APIView):
    """Every area × period × view × group × benchmark, for the Ministry of Justice."""

    permission_classes = [requires(Permission.NATIONAL_VIEW)]

    @extend_schema(
        summary="Representation in every area (the assessor's national export)",
        parameters=[
            OpenApiParameter(
                "period",
                str,
                pattern=PERIOD_CODE,
                description="One period code; default: the last six that have ended.",
            )
        ],
        responses={
            200: NationalSerializer,
            422: OpenApiResponse(description="No such period: `errors` says so."),
        },
    )
    def get(self, request):
        from returns.periods import recent_complete_periods

        code = request.query_params.get("period")
        if code is not None:
            if not re.fullmatch(PERIOD_CODE, code):
                raise ValidationError({"period": ["Use a period code such as 2026-27-H1."]})
            periods = list(Period.objects.filter(code=code))
            if not periods:
                raise Unprocessable({"period": [f"No period {code}; codes look like 2026-27-H1."]})
        else:
            periods = recent_complete_periods(6)
        data = {"periods": [p.code for p in periods], "rows": export_records(request.user, periods)}
        return Response(data)

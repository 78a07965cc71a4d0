"""Read the figures an area dashboard shows, as JSON (documented in the OpenAPI schema)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authorization import Permission
from api.permissions import requires
from core.access import check
from monitoring import groups
from monitoring.benchmarks import NEED, POPULATION, benchmarks_for
from monitoring.dashboard import ETH
from monitoring.data import Lookups, Selection, area_counts
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
        allow_null=True, help_text="Lower 95% limit of the ratio (Wilson)."
    )
    ci_high = serializers.FloatField(allow_null=True)
    flag = serializers.ChoiceField(
        choices=["under", "over"],
        allow_null=True,
        help_text="Set only when the interval excludes 1 after Benjamini–Hochberg control.",
    )
    verdict = serializers.ChoiceField(choices=["under", "over", "too_few", "no_evidence"])
    depends_on_missing = serializers.BooleanField(
        help_text="A flagged finding that could change with the not-stated referrals (false when there is no flag)."
    )


class RepresentationSerializer(serializers.Serializer):
    area = serializers.CharField()
    period = serializers.CharField()
    level = serializers.CharField()
    level_definition = serializers.CharField()
    benchmark = serializers.CharField()
    benchmark_explanation = serializers.CharField()
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
            OpenApiParameter("crime_type", str, description="Crime type code."),
        ],
        responses=RepresentationSerializer,
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
        selection = Selection(
            area=area,
            period=self._period(request, area),
            provider=self._optional(
                request, "provider", Provider.objects.visible_to(request.user), "slug"
            ),
            crime_type=self._optional(request, "crime_type", CrimeType.objects.all(), "code"),
        )
        counts = area_counts(request.user, selection)
        benchmarks = benchmarks_for(area)
        view = representation_view(counts.by(ETH), Lookups.load().groups, level, benchmarks)
        data = {
            "area": area.code,
            "period": selection.period.code,
            "level": level,
            "level_definition": groups.LEVELS[level]["definition"],
            "benchmark": benchmark,
            "benchmark_explanation": benchmarks[benchmark].explanation,
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
                    "flag": c.flag,
                    "verdict": c.verdict,
                    "depends_on_missing": c.flag_depends_on_missing,
                }
                for row in view.rows
                for c in [row.comparisons[benchmark]]
            ],
        }
        return Response(RepresentationSerializer(data).data)

    def _period(self, request, area):
        code = request.query_params.get("period")
        if not code:
            period = default_period(request.user, area)
            if period is None:
                raise ValidationError({"period": ["No periods exist yet."]})
            return period
        try:
            return Period.objects.get(code=code)
        except Period.DoesNotExist:
            raise ValidationError(
                {"period": [f"No period {code!r}; codes look like 2026-27-H1."]}
            ) from None

    def _optional(self, request, name, queryset, field):
        value = request.query_params.get(name)
        if not value:
            return None
        try:
            return queryset.get(**{field: value})
        except queryset.model.DoesNotExist:
            raise ValidationError(
                {name: [f"No {name.replace('_', ' ')} {value!r} that you can see."]}
            ) from None

"""Submit returns and follow them, for providers' case-management systems.

Authenticate with the provider's token (`Authorization: Bearer reach_…`, made on the
"API tokens" page). The same checks and all-or-nothing rule apply as to an upload:
a file is checked in the background (poll the submission), JSON rows are checked at once.
"""

import csv
import gzip
import io

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authorization import Permission, has_permission
from api.models import ProviderToken
from api.permissions import requires
from organisations.models import Provider
from returns.models import Period, Return, Submission
from returns.submissions import (
    SubmissionRefused,
    submission_explain,
    submission_rows,
    submission_start,
)


class SubmitSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="ONS code of the police force area, e.g. E23000014.")
    period = serializers.CharField(
        help_text="Period code, e.g. 2026-27-H1 (April to September 2026)."
    )
    provider = serializers.CharField(
        required=False,
        help_text="Provider slug; only needed when signed in as a member of several providers.",
    )
    file = serializers.FileField(
        required=False, help_text="A CSV or XLSX file in the Reach data standard (multipart)."
    )
    rows = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Records as JSON objects keyed by the data standard's column names.",
    )


class ProblemGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "query"])
    message = serializers.CharField()
    count = serializers.IntegerField()
    examples = serializers.ListField(child=serializers.DictField())


class SubmissionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Submission.Status.values)
    status_label = serializers.CharField(source="get_status_display")
    progress = serializers.IntegerField()
    stage = serializers.CharField()
    area = serializers.CharField(source="area.code")
    period = serializers.CharField(source="period.code")
    provider = serializers.CharField(source="provider.slug")
    row_count = serializers.IntegerField(allow_null=True)
    file_sha256 = serializers.CharField()
    error_count = serializers.IntegerField()
    query_count = serializers.IntegerField()
    problems = ProblemGroupSerializer(many=True, source="summary")
    queries = serializers.ListField(child=serializers.DictField())
    version = serializers.IntegerField(source="version.number", allow_null=True, default=None)


def _provider_for(request, slug: str | None) -> Provider:
    """The provider a request acts for: the token's, or the signed-in member's."""
    if isinstance(request.auth, ProviderToken):
        if slug and slug != request.auth.provider.slug:
            raise PermissionDenied("This token belongs to another provider.")
        return request.auth.provider
    providers = (
        Provider.objects.visible_to(request.user).filter(memberships__user=request.user).distinct()
    )
    if slug:
        return get_object_or_404(providers, slug=slug)
    if len(providers) != 1:
        raise ValidationError(
            {"provider": ["Say which provider you are submitting for (its slug)."]}
        )
    return providers[0]


def _submissions(request):
    """Submissions the request may see: the user's scope, narrowed to the token's provider."""
    submissions = Submission.objects.visible_to(request.user).select_related(
        "provider", "area", "period", "version"
    )
    if isinstance(request.auth, ProviderToken):
        submissions = submissions.filter(provider=request.auth.provider)
    return submissions


def _submission_data(request, submission) -> dict:
    data = SubmissionSerializer(submission).data
    data["status_url"] = request.build_absolute_uri(reverse("api:submission", args=[submission.pk]))
    return data


class ReturnsCollection(APIView):
    permission_classes = [requires(Permission.RETURN_VIEW)]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        summary="List your returns",
        responses=inline_serializer(
            "ReturnSummary",
            {
                "provider": serializers.CharField(),
                "area": serializers.CharField(),
                "period": serializers.CharField(),
                "version": serializers.IntegerField(allow_null=True),
                "total_referrals": serializers.IntegerField(allow_null=True),
                "stated_ethnicity": serializers.IntegerField(allow_null=True),
                "submitted_at": serializers.DateTimeField(allow_null=True),
                "channel": serializers.CharField(allow_null=True),
            },
            many=True,
        ),
    )
    def get(self, request):
        returns = Return.objects.visible_to(request.user).select_related(
            "provider", "area", "period", "current_version"
        )
        if isinstance(request.auth, ProviderToken):
            returns = returns.filter(provider=request.auth.provider)
        return Response(
            [
                {
                    "provider": r.provider.slug,
                    "area": r.area.code,
                    "period": r.period.code,
                    "version": r.current_version.number if r.current_version else None,
                    "total_referrals": r.current_version.total_referrals
                    if r.current_version
                    else None,
                    "stated_ethnicity": r.current_version.stated_ethnicity
                    if r.current_version
                    else None,
                    "submitted_at": r.current_version.submitted_at if r.current_version else None,
                    "channel": r.current_version.channel if r.current_version else None,
                }
                for r in returns
            ]
        )

    @extend_schema(
        summary="Submit a return (a file, or JSON rows)",
        description=(
            "Send `file` as multipart/form-data (CSV or XLSX, up to the upload limit) or `rows` as JSON. "
            "A file is checked in the background: the response is 202 with the submission to poll. "
            "JSON rows are checked at once: the response is the finished submission. Nothing is stored "
            "unless the whole return is valid; queries need an explanation (POST …/explanation/)."
        ),
        request={"multipart/form-data": SubmitSerializer, "application/json": SubmitSerializer},
        responses={202: SubmissionSerializer, 200: SubmissionSerializer, 400: None},
    )
    def post(self, request):
        if not has_permission(request.user, Permission.RETURN_SUBMIT):
            raise PermissionDenied("Only a provider's staff or token can submit returns.")
        form = SubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        provider = _provider_for(request, form.validated_data.get("provider"))
        area = provider.areas.filter(code=form.validated_data["area"]).first()
        if area is None:
            raise ValidationError(
                {"area": [f"{provider} is not registered in area {form.validated_data['area']}."]}
            )
        if not has_permission(request.user, Permission.RETURN_SUBMIT, provider=provider, area=area):
            raise PermissionDenied("You may not submit returns for this provider.")
        period = Period.objects.filter(code=form.validated_data["period"]).first()
        if period is None:
            raise ValidationError(
                {
                    "period": [
                        f"No period {form.validated_data['period']!r}; codes look like 2026-27-H1."
                    ]
                }
            )
        upload, rows = form.validated_data.get("file"), form.validated_data.get("rows")
        if (upload is None) == (rows is None):
            raise ValidationError(
                {"file": ["Send either a file or rows, not both and not neither."]}
            )
        try:
            if upload is not None:
                if upload.size > settings.MAX_UPLOAD_BYTES:
                    raise SubmissionRefused(
                        f"The file is larger than {settings.MAX_UPLOAD_BYTES // 1048576} MB."
                    )
                submission = submission_start(
                    provider=provider,
                    area=area,
                    period=period,
                    submitted_by=request.user,
                    channel="api",
                    data=upload.read(),
                    file_name=upload.name,
                )
                code = status.HTTP_202_ACCEPTED
            else:
                submission = submission_rows(
                    provider=provider,
                    area=area,
                    period=period,
                    submitted_by=request.user,
                    rows=rows,
                )
                code = status.HTTP_200_OK
        except SubmissionRefused as refused:
            raise ValidationError({"file": [str(refused)]}) from None
        submission.refresh_from_db()
        return Response(_submission_data(request, submission), status=code)


class SubmissionDetail(APIView):
    permission_classes = [requires(Permission.RETURN_VIEW)]

    @extend_schema(
        summary="Read a submission's status, problems and queries", responses=SubmissionSerializer
    )
    def get(self, request, pk):
        submission = get_object_or_404(_submissions(request), pk=pk)
        return Response(_submission_data(request, submission))


class SubmissionProblems(APIView):
    permission_classes = [requires(Permission.RETURN_VIEW)]

    @extend_schema(
        summary="Every problem found in a submission",
        parameters=[OpenApiParameter("severity", str, enum=["error", "query"])],
        responses=inline_serializer(
            "Problem",
            {
                "row": serializers.CharField(),
                "column": serializers.CharField(),
                "value": serializers.CharField(),
                "problem": serializers.CharField(),
                "allowed": serializers.CharField(),
                "severity": serializers.CharField(),
                "code": serializers.CharField(),
            },
            many=True,
        ),
    )
    def get(self, request, pk):
        submission = get_object_or_404(_submissions(request), pk=pk)
        if not submission.problems_csv:
            return Response([])
        text = gzip.decompress(bytes(submission.problems_csv)).decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text))
        next(reader, None)
        keys = ["row", "column", "value", "problem", "allowed", "severity", "code"]
        problems = [dict(zip(keys, row, strict=False)) for row in reader]
        wanted = request.query_params.get("severity")
        if wanted:
            problems = [p for p in problems if p["severity"] == wanted]
        return Response(problems)


class SubmissionExplanation(APIView):
    permission_classes = [requires(Permission.RETURN_SUBMIT)]

    @extend_schema(
        summary="Explain a submission's queries, storing the return",
        request=inline_serializer("Explanation", {"explanation": serializers.CharField()}),
        responses=SubmissionSerializer,
    )
    def post(self, request, pk):
        submission = get_object_or_404(_submissions(request), pk=pk)
        if not has_permission(
            request.user,
            Permission.RETURN_SUBMIT,
            provider=submission.provider,
            area=submission.area,
        ):
            raise PermissionDenied("You may not submit returns for this provider.")
        try:
            submission = submission_explain(
                submission=submission, explanation=str(request.data.get("explanation", ""))
            )
        except SubmissionRefused as refused:
            raise ValidationError({"explanation": [str(refused)]}) from None
        return Response(_submission_data(request, submission))

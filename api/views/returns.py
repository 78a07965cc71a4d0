"""Submit returns and follow them, for providers' case-management systems.

Authenticate with the provider's token (`Authorization: Bearer reach_…`, made on the
"API tokens" page). The same checks apply as to an upload, with the provider's saved
mapping: a file is checked in the background (poll the submission), JSON rows at once.
A checked return is stored only when confirmed (POST …/confirm/), the API's "check your
answers"; an unconfirmed one expires.
"""

import csv
import gzip
import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import ParseError, PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authorization import Permission, has_permission
from api.models import ProviderToken
from api.permissions import requires
from api.problems import Conflict, ContentTooLarge, Unprocessable
from api.serializers.returns import (
    ConfirmSerializer,
    ProblemSerializer,
    ReturnSummarySerializer,
    SubmissionSerializer,
    SubmitFileSerializer,
    SubmitRowsSerializer,
)
from organisations.models import Provider
from returns import compare
from returns.ingest.reader import json_depth_problem
from returns.ingest.rules.file import records_size_problem, upload_size_problem
from returns.models import Period, Return, ReturnVersion, Submission
from returns.services import (
    ExplanationNeeded,
    NotWaiting,
    SubmissionRefused,
    return_submit,
    submission_discard,
    submission_rows,
    submission_start,
)
from returns.services.versions import submission_preview

SEVERITIES = ["error", "query", "note"]


class SafeJSONParser(JSONParser):
    """JSON, its nesting measured before it is parsed: a body nested deeper than a return
    needs (returns.ingest.reader.MAX_JSON_DEPTH) is a 400 saying so, never a parser
    exhausted into a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if problem := json_depth_problem(body):
            raise ParseError(problem)
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:  # the last line of defence, should the limit ever be raised
            raise ParseError(
                "The JSON is nested too deeply. Send the records as a list of flat objects."
            ) from None


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
        provider = providers.filter(slug=slug).first()
        if provider is None:
            raise Unprocessable({"provider": [f"You do not act for a provider {slug!r}."]})
        return provider
    if len(providers) != 1:
        raise Unprocessable({"provider": ["Say which provider you are submitting for (its slug)."]})
    return providers[0]


def _submissions(request):
    """Submissions the request may see: the user's scope, narrowed to the token's provider."""
    submissions = Submission.objects.visible_to(request.user).select_related(
        "provider", "area", "period", "version", "return_record"
    )
    if isinstance(request.auth, ProviderToken):
        submissions = submissions.filter(provider=request.auth.provider)
    return submissions


def _problems(submission: Submission) -> list[dict]:
    examples = (submission.detail_examples or {}).get("examples", {})
    return [{**g, "examples": examples.get(g["code"], g["examples"])} for g in submission.summary]


def submission_data(request, submission: Submission) -> dict:
    preview = submission_preview(submission)
    comparison = None
    if preview is not None:
        old = compare.of_version(preview.current) if preview.current else None
        comparison = [
            {
                "title": s.title,
                "rows": [{"label": r.label, "old": r.old, "new": r.new} for r in s.rows],
            }
            for s in compare.sections(old, compare.of_cube(preview.cube))
        ]
    version = submission.version
    data = {
        "id": submission.pk,
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "progress": submission.progress,
        "stage": submission.stage,
        "area": submission.area.code,
        "period": submission.period.code,
        "provider": submission.provider.slug,
        "row_count": submission.row_count,
        "file_sha256": submission.file_sha256,
        "error_count": submission.error_count,
        "query_count": len(preview.queries) if preview else submission.query_count,
        "problems": _problems(submission),
        "queries": preview.queries if preview else submission.queries,
        "notes": submission.notes,
        "comparison": comparison,
        "if_confirmed": preview.status if preview else None,
        "expires_at": submission.expires_at
        if submission.status == Submission.Status.TO_CONFIRM
        else None,
        "version": version
        and {
            "number": version.number,
            "status": version.status,
            "status_label": version.get_status_display(),
            "counts": version.counts,
            "held_for": version.get_held_for_display() if version.held_for else "",
            "total_referrals": version.total_referrals,
            "stated_ethnicity": version.stated_ethnicity,
            "decision": version.get_decision_display() if version.decision else "",
            "decision_reason": version.decision_reason,
        },
        "status_url": request.build_absolute_uri(reverse("api:submission", args=[submission.pk])),
        "confirm_url": request.build_absolute_uri(
            reverse("api:submission-confirm", args=[submission.pk])
        )
        if submission.status == Submission.Status.TO_CONFIRM
        else None,
    }
    return SubmissionSerializer(data).data


class ReturnsCollection(APIView):
    permission_classes = [requires(Permission.RETURN_VIEW)]
    parser_classes = [MultiPartParser, SafeJSONParser]

    @extend_schema(summary="List your returns", responses=ReturnSummarySerializer(many=True))
    def get(self, request):
        returns = (
            Return.objects.visible_to(request.user)
            .select_related("provider", "area", "period", "current_version")
            .prefetch_related("versions")
        )
        if isinstance(request.auth, ProviderToken):
            returns = returns.filter(provider=request.auth.provider)
        rows = []
        for r in returns:
            v = r.current_version
            awaiting = next(
                (x.number for x in r.versions.all() if x.status == ReturnVersion.Status.AWAITING),
                None,
            )
            rows.append(
                {
                    "provider": r.provider.slug,
                    "area": r.area.code,
                    "period": r.period.code,
                    "due_date": r.period.due_date,
                    "version": v.number if v else None,
                    "total_referrals": v.total_referrals if v else None,
                    "stated_ethnicity": v.stated_ethnicity if v else None,
                    "submitted_at": v.submitted_at if v else None,
                    "channel": v.channel if v else None,
                    "awaiting_acceptance": awaiting,
                }
            )
        return Response(ReturnSummarySerializer(rows, many=True).data)

    @extend_schema(
        summary="Send a return (a file, or JSON rows) to be checked",
        description=(
            "Send `file` as multipart/form-data (CSV or XLSX, up to the upload limit) or `rows` "
            "as JSON. A file is checked in the background: the response is 202 with the "
            "submission to poll. JSON rows are checked at once: the response is the checked "
            "submission. Nothing is stored yet: a checked submission (status `to_confirm`) "
            "shows old beside new (`comparison`) and any queries, and is stored only when "
            "you confirm it at `confirm_url`. It expires if not confirmed."
        ),
        request={
            "multipart/form-data": SubmitFileSerializer,
            "application/json": SubmitRowsSerializer,
        },
        examples=[
            OpenApiExample(
                "Two referrals",
                request_only=True,
                media_type="application/json",
                value={
                    "area": "E23000014",
                    "period": "2026-27-H1",
                    "rows": [
                        {
                            "referral_id": f"R{n}",
                            "referral_date": "2026-05-01",
                            "ethnicity": ethnicity,
                            "sex": "F",
                            "age_band": "25-34",
                            "disability": "NOT_DISABLED",
                            "sexual_orientation": "STRAIGHT",
                            "crime_type": "DOMESTIC_ABUSE",
                            "referral_pathway": "SELF",
                            "outcome": "SUPPORTED_COMPLETED",
                        }
                        for n, ethnicity in ((1, "W1"), (2, "B2"))
                    ],
                },
            )
        ],
        responses={
            202: OpenApiResponse(SubmissionSerializer, description="A file, queued to be checked."),
            200: OpenApiResponse(SubmissionSerializer, description="Rows, checked."),
            403: OpenApiResponse(description="Not allowed to submit for this provider."),
            413: OpenApiResponse(
                description="The file or the records are larger than Reach reads: the "
                "detail gives the limit."
            ),
            422: OpenApiResponse(
                description="Reach cannot take this return: an unknown period, an area the "
                "provider does not serve, a provider that is not yours (or none named when "
                "you act for several), an empty file. `errors` names the field."
            ),
        },
    )
    def post(self, request):
        if not has_permission(request.user, Permission.RETURN_SUBMIT):
            raise PermissionDenied("Only a provider's staff or token can submit returns.")
        try:
            data = request.data
        except RequestDataTooBig:
            # Records sent as JSON are read whole; a file is streamed, up to the upload limit.
            size = int(request.META.get("CONTENT_LENGTH") or 0)
            over = max(size, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)  # too big, whatever it said
            raise ContentTooLarge(records_size_problem(over)) from None
        multipart = request.content_type.startswith("multipart/")
        form = (SubmitFileSerializer if multipart else SubmitRowsSerializer)(data=data)
        form.is_valid(raise_exception=True)
        provider = _provider_for(request, form.validated_data.get("provider"))
        area = provider.areas.filter(code=form.validated_data["area"]).first()
        if area is None:
            raise Unprocessable(
                {"area": [f"{provider} is not registered in area {form.validated_data['area']}."]}
            )
        if not has_permission(request.user, Permission.RETURN_SUBMIT, provider=provider, area=area):
            raise PermissionDenied("You may not submit returns for this provider.")
        period = Period.objects.filter(code=form.validated_data["period"]).first()
        if period is None:
            raise Unprocessable(
                {
                    "period": [
                        f"No period {form.validated_data['period']}; codes look like 2026-27-H1."
                    ]
                }
            )
        upload, rows = form.validated_data.get("file"), form.validated_data.get("rows")
        if upload is not None and (problem := upload_size_problem(upload.size)):
            raise ContentTooLarge(problem)
        try:
            if upload is not None:
                submission = submission_start(
                    provider=provider,
                    area=area,
                    period=period,
                    submitted_by=request.user,
                    channel=ReturnVersion.Channel.API,
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
            raise Unprocessable(
                {"file" if upload is not None else "rows": [str(refused)]}
            ) from None
        submission = _submissions(request).get(pk=submission.pk)
        return Response(submission_data(request, submission), status=code)


class SubmissionDetail(APIView):
    permission_classes = [requires(Permission.RETURN_VIEW)]

    @extend_schema(
        summary="Read a submission: its check, problems, queries and what confirming would do",
        responses={
            200: SubmissionSerializer,
            404: OpenApiResponse(description="No such submission of yours."),
        },
    )
    def get(self, request, pk):
        submission = get_object_or_404(_submissions(request), pk=pk)
        return Response(submission_data(request, submission))


class SubmissionProblems(APIView):
    permission_classes = [requires(Permission.RETURN_VIEW)]

    @extend_schema(
        summary="Every problem found in a submission",
        description="With the values found for a day after the check (never values that look "
        "like personal details); after that, the row, column and kind of each problem.",
        parameters=[
            OpenApiParameter(
                "severity", str, enum=SEVERITIES, description="Only the problems of this kind."
            )
        ],
        responses={
            200: ProblemSerializer(many=True),
            404: OpenApiResponse(description="No such submission of yours."),
        },
    )
    def get(self, request, pk):
        wanted = request.query_params.get("severity")
        if wanted is not None and wanted not in SEVERITIES:
            raise ValidationError({"severity": [f"Use one of {', '.join(SEVERITIES)}."]})
        submission = get_object_or_404(_submissions(request), pk=pk)
        data = submission.detail_csv or submission.problem_list
        if not data:
            return Response([])
        text = gzip.decompress(bytes(data)).decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text))
        header = next(reader, [])
        names = {
            "Row": "row", "Column": "column", "Value found": "value", "Problem": "problem",
            "What is allowed": "allowed", "Severity": "severity", "Code": "code",
        }  # fmt: skip
        keys = [names.get(h, h) for h in header]
        problems = [dict(zip(keys, row, strict=False)) for row in reader]
        if wanted:
            problems = [p for p in problems if p["severity"] == wanted]
        return Response(problems)


def _may_send(request, submission) -> None:
    if not has_permission(
        request.user, Permission.RETURN_SUBMIT, provider=submission.provider, area=submission.area
    ):
        raise PermissionDenied("You may not submit returns for this provider.")


class SubmissionConfirm(APIView):
    permission_classes = [requires(Permission.RETURN_SUBMIT)]
    parser_classes = [SafeJSONParser]

    @extend_schema(
        summary="Confirm a checked submission: store it as a new version",
        description=(
            'The API\'s "check your answers": read the submission first (its `comparison`, '
            "`queries` and `if_confirmed`), then confirm it. If it raised queries, send an "
            "`explanation`; it then waits for the commissioner's acceptance before it counts. "
            "A submission made before a later one counted is stored as history only."
        ),
        request=ConfirmSerializer,
        responses={
            200: OpenApiResponse(SubmissionSerializer, description="Stored: see `version`."),
            403: OpenApiResponse(description="Not allowed to submit for this provider."),
            404: OpenApiResponse(description="No such submission of yours."),
            409: OpenApiResponse(
                description="Not waiting for confirmation: still being checked, rejected, "
                "already sent, discarded or expired."
            ),
            422: OpenApiResponse(
                description="The submission raised queries: send an `explanation` of them."
            ),
        },
    )
    def post(self, request, pk):
        submission = get_object_or_404(_submissions(request), pk=pk)
        _may_send(request, submission)
        form = ConfirmSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            return_submit(
                submission=submission,
                by=request.user,
                explanation=form.validated_data["explanation"],
            )
        except NotWaiting as refused:
            raise Conflict(str(refused)) from None
        except ExplanationNeeded as refused:
            raise Unprocessable({"explanation": [str(refused)]}) from None
        submission = _submissions(request).get(pk=submission.pk)
        return Response(submission_data(request, submission))


class SubmissionDiscard(APIView):
    permission_classes = [requires(Permission.RETURN_SUBMIT)]

    @extend_schema(
        summary="Discard a checked submission: nothing is stored",
        request=None,
        responses={
            200: SubmissionSerializer,
            403: OpenApiResponse(description="Not allowed to submit for this provider."),
            404: OpenApiResponse(description="No such submission of yours."),
            409: OpenApiResponse(description="Not waiting for confirmation."),
        },
    )
    def post(self, request, pk):
        submission = get_object_or_404(_submissions(request), pk=pk)
        _may_send(request, submission)
        try:
            submission_discard(submission=submission, by=request.user)
        except NotWaiting as refused:
            raise Conflict(str(refused)) from None
        submission = _submissions(request).get(pk=submission.pk)
        return Response(submission_data(request, submission))

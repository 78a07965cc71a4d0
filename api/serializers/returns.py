"""The shapes of the returns API: what a case system sends, and what it gets back."""

from rest_framework import serializers

from returns.models import ReturnVersion, Submission


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
        required=False,
        help_text="A CSV or XLSX export of one row per referral (multipart). Your saved "
        "mapping is applied.",
    )
    rows = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Records as JSON objects, keyed by column heading (the data standard's, or "
        "your own if your mapping says what they mean).",
    )


class ExampleSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    value = serializers.CharField(
        required=False,
        help_text="Present only for a day after the check, and never a value "
        "that looks like personal details.",
    )
    message = serializers.CharField(required=False)


class ProblemGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "query", "note"])
    message = serializers.CharField()
    count = serializers.IntegerField()
    examples = ExampleSerializer(many=True)


class QuerySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    value = serializers.CharField()


class NoteSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ComparisonRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    old = serializers.IntegerField(allow_null=True, help_text="In the version that counts now.")
    new = serializers.IntegerField(help_text="In this submission.")


class ComparisonSerializer(serializers.Serializer):
    title = serializers.CharField()
    rows = ComparisonRowSerializer(many=True)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReturnVersion.Status.choices)
    status_label = serializers.CharField()
    counts = serializers.BooleanField(help_text="True if the area's figures use this version.")
    held_for = serializers.CharField(
        allow_blank=True, help_text="Why it waits for acceptance, if it does."
    )
    total_referrals = serializers.IntegerField()
    stated_ethnicity = serializers.IntegerField()
    decision = serializers.CharField(allow_blank=True, help_text="The commissioner's decision.")
    decision_reason = serializers.CharField(allow_blank=True)


class SubmissionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Submission.Status.choices)
    status_label = serializers.CharField()
    progress = serializers.IntegerField()
    stage = serializers.CharField()
    area = serializers.CharField(help_text="ONS code of the police force area.")
    period = serializers.CharField()
    provider = serializers.CharField(help_text="Provider slug.")
    row_count = serializers.IntegerField(allow_null=True)
    file_sha256 = serializers.CharField()
    error_count = serializers.IntegerField()
    query_count = serializers.IntegerField()
    problems = ProblemGroupSerializer(many=True)
    queries = QuerySerializer(many=True)
    notes = NoteSerializer(many=True)
    comparison = ComparisonSerializer(
        many=True, allow_null=True, help_text="While waiting for confirmation: old beside new."
    )
    if_confirmed = serializers.ChoiceField(
        choices=ReturnVersion.Status.choices,
        allow_null=True,
        help_text="While waiting for confirmation: the status the version would have if "
        "confirmed now (current: counts at once; awaiting: waits for the commissioner).",
    )
    expires_at = serializers.DateTimeField(allow_null=True)
    version = VersionSerializer(allow_null=True)
    status_url = serializers.URLField()
    confirm_url = serializers.URLField(allow_null=True)


class ConfirmSerializer(serializers.Serializer):
    explanation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the submission raised queries: why the figures are right.",
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ReturnSummarySerializer(serializers.Serializer):
    provider = serializers.CharField()
    area = serializers.CharField()
    period = serializers.CharField()
    due_date = serializers.DateField()
    version = serializers.IntegerField(allow_null=True, help_text="The version that counts.")
    total_referrals = serializers.IntegerField(allow_null=True)
    stated_ethnicity = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    channel = serializers.CharField(allow_null=True)
    awaiting_acceptance = serializers.IntegerField(
        allow_null=True, help_text="A version waiting for the commissioner's acceptance."
    )


class ProblemSerializer(serializers.Serializer):
    row = serializers.CharField()
    column = serializers.CharField()
    value = serializers.CharField(required=False)
    problem = serializers.CharField()
    allowed = serializers.CharField(required=False)
    severity = serializers.CharField()
    code = serializers.CharField()

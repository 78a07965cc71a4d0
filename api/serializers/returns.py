"""The shapes of the returns API: what a case system sends, and what it gets back."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.strict import StrictCharField, StrictSerializer
from returns.models import ReturnVersion, Submission

AREA_CODE = r"^[A-Z][0-9]{8}$"
PERIOD_CODE = r"^[0-9]{4}-[0-9]{2}-H[12]$"
SLUG = r"^[-a-zA-Z0-9_]+$"


class _Submit(StrictSerializer):
    area = StrictCharField(
        pattern=AREA_CODE,
        pattern_message="Use the area's ONS code: a capital letter and 8 digits, such as "
        "E23000014.",
        help_text="ONS code of the police force area, e.g. E23000014.",
    )
    period = StrictCharField(
        pattern=PERIOD_CODE,
        pattern_message="Use a period code such as 2026-27-H1.",
        help_text="Period code, e.g. 2026-27-H1 (April to September 2026).",
    )
    provider = StrictCharField(
        pattern=SLUG,
        pattern_message="Use the provider's slug: letters, digits, hyphens and underscores.",
        required=False,
        help_text="Provider slug; only needed when signed in as a member of several providers.",
    )


@extend_schema_field(
    {
        "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}],
        "nullable": True,
        "description": "A cell: text, a number, true or false, or null for an empty cell.",
    }
)
class CellField(serializers.Field):
    """One cell of a record: text, a number, true/false or empty (null); never a list or an
    object, which no column of a return holds."""

    default_error_messages = {"invalid": "A cell holds text, a number, true or false, or null."}

    def to_internal_value(self, data):
        if data is not None and not isinstance(data, (str, int, float, bool)):
            self.fail("invalid")
        return data


class SubmitRowsSerializer(_Submit):
    """A return as JSON records."""

    rows = serializers.ListField(
        child=serializers.DictField(child=CellField(allow_null=True)),
        help_text="Records as JSON objects, keyed by column heading (the data standard's, or "
        "your own if your mapping says what they mean).",
    )


@extend_schema_field({"type": "string", "format": "binary"})
class UploadField(serializers.FileField):
    """A file sent as a multipart part."""


class SubmitFileSerializer(_Submit):
    """A return as a file (multipart/form-data)."""

    file = UploadField(
        allow_empty_file=True,  # refused by the service, in its words (422)
        help_text="A CSV or XLSX export of one row per referral. Your saved mapping is applied.",
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


class ConfirmSerializer(StrictSerializer):
    explanation = StrictCharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the submission raised queries: why the figures are right.",
    )


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

"""Every API refusal as an RFC 9457 problem (`application/problem+json`).

A problem has `type`, `title`, `status` and `detail` (RFC 9457 section 3.1). The type is
`about:blank`, so the title is the HTTP status phrase and `detail` says, in words for the
developer of a case system, what was wrong and how to put it right. A refusal of fields
adds `errors`: each field's name (dotted for a place inside a list or object, such as
`rows.3`) with its messages. The codes and what they mean are in docs/api.md:

- 400: the request does not match the schema (unknown, missing or ill-typed fields);
- 422: the request matches the schema but Reach cannot take it (an unknown period, an
  area the provider does not serve, queries left unexplained);
- 401, 403, 404, 405, 406, 409, 413, 415: as HTTP says.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler

MEDIA_TYPE = "application/problem+json"
# RFC 9110's names, where Python's are older.
TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}


class Conflict(exceptions.APIException):
    """The resource is not in a state that allows this (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the state of the resource."
    default_code = "conflict"


class Unprocessable(exceptions.ValidationError):
    """Fields that match the schema but that Reach cannot take (422)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"


class Gone(exceptions.APIException):
    """The resource was here and was taken away on purpose (410)."""

    status_code = status.HTTP_410_GONE
    default_detail = "This is no longer here."
    default_code = "gone"


class ContentTooLarge(exceptions.APIException):
    """The request body is larger than Reach reads (413)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request is too large."
    default_code = "too_large"


def field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail, flattened to {dotted field name: [messages]}; errors of
    the request as a whole are under `request`."""
    found: dict[str, list[str]] = {}

    def walk(value, name: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                key = "" if key == "non_field_errors" else str(key)
                walk(inner, f"{name}.{key}" if name and key else name or key)
        elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            found.setdefault(name or "request", []).extend(str(v) for v in value)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                if inner:
                    walk(inner, f"{name}.{index}" if name else str(index))
        else:
            found.setdefault(name or "request", []).append(str(value))

    walk(detail, prefix)
    return found


def problem(status_code: int, detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code) or HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _summary(errors: dict[str, list[str]]) -> str:
    shown = [f"{field}: {messages[0]}" for field, messages in list(errors.items())[:3]]
    more = len(errors) - len(shown)
    if more > 0:
        shown.append(f"and {more} more field{'s' if more > 1 else ''} (see errors)")
    return "; ".join(shown)


def handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler, its body made a problem."""
    if isinstance(exc, RequestDataTooBig):
        exc = ContentTooLarge("The request is larger than Reach reads at once.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        response.data = problem(response.status_code, _summary(errors), errors)
    else:
        if isinstance(exc, Http404):
            detail = "There is nothing here that you can see."
        elif isinstance(exc, DjangoPermissionDenied):
            detail = "You may not do this."
        else:
            detail = str(getattr(exc, "detail", "")) or HTTPStatus(response.status_code).phrase
        response.data = problem(response.status_code, detail)
    renderer = getattr(context.get("request"), "accepted_renderer", None)
    if renderer is None or renderer.format == "json":  # the browsable API keeps its HTML
        response.content_type = MEDIA_TYPE
    return response


def response(request, status_code: int, detail: str) -> JsonResponse:
    """A problem answered outside DRF's views: an API address that does not exist, or a
    failure before a view ran."""
    return JsonResponse(problem(status_code, detail), status=status_code, content_type=MEDIA_TYPE)


def is_api(request) -> bool:
    return request.path.startswith("/api/v")


class ProblemDetailsSerializer(serializers.Serializer):
    """The shape of every refusal (RFC 9457)."""

    type = serializers.CharField(help_text="`about:blank`: the status says what kind it is.")
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What was wrong, and how to put it right.")


class FieldProblemDetailsSerializer(ProblemDetailsSerializer):
    """A refusal of fields: each one named, with its messages."""

    errors = serializers.DictField(
        required=False,
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each refused field (dotted inside a list: `rows.3.ethnicity`) with what is "
        "wrong with it. Absent when the body could not be read at all.",
    )

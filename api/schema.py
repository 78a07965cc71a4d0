"""The OpenAPI schema tells every code an operation can answer, with its body.

Each operation's refusals are worked out from the view itself, so that an operation added
later is documented the same way without a word of its own:

- 400 where there is a request body or a query parameter to refuse;
- 401 wherever credentials are read (a token that is not valid is refused even where none
  is needed), 403 where a permission beyond signing in is checked, or the method is unsafe
  and a browser session is accepted (its CSRF check);
- 404 where the path names a resource; 406 everywhere (the `Accept` header);
- 413 and 415 where there is a request body.

A view declares the codes only it knows (409, 422) with a description; every 4xx answer
has the problem body (api/problems.py) as `application/problem+json`. Request bodies made
of a StrictSerializer say `additionalProperties: false`. The links between operations
(submit, then read, then confirm or discard) are listed in LINKS.
"""

from drf_spectacular import openapi
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

from api.problems import MEDIA_TYPE, FieldProblemDetailsSerializer, ProblemDetailsSerializer
from api.serializers.strict import StrictSerializer

DESCRIPTIONS = {
    "400": "The request does not match this schema: `errors` names each field that is "
    "unknown, missing or of the wrong type, and says what is wrong with it.",
    "401": "No valid credentials: send `Authorization: Bearer reach_…` with a token that "
    "is not revoked (or sign in).",
    "403": "These credentials may not do this (or, signed in through a browser, the CSRF "
    "token is missing).",
    "404": "There is no such resource that you can see.",
    "406": "The `Accept` header asks for a type the API cannot send: ask for application/json.",
    "413": "The request is larger than Reach reads at once.",
    "415": "The body is of a type this operation does not take.",
    "422": "The request matches this schema, but Reach cannot take it: `errors` names "
    "each field and says why.",
}
FIELD_PROBLEMS = {"400", "422"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, StrictSerializer):
            schema["additionalProperties"] = False
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = self._refusals() | {c for c in responses if c.startswith("4")}
        for code in sorted(codes):
            declared = responses.get(code, {})
            serializer = (
                FieldProblemDetailsSerializer
                if code in FIELD_PROBLEMS
                else ProblemDetailsSerializer
            )
            component = self.resolve_serializer(serializer, "response")
            responses[code] = {
                "description": declared.get("description") or DESCRIPTIONS.get(code, ""),
                "content": {MEDIA_TYPE: {"schema": component.ref}},
            }
        return dict(sorted(responses.items()))

    def _refusals(self) -> set[str]:
        """The refusals this operation can answer, worked out from its view."""
        codes = {"406"}
        has_body = self.method in UNSAFE and self.get_request_serializer() is not None
        queries = [p for p in self._get_parameters() if p.get("in") == "query"]
        if has_body:
            codes |= {"400", "413", "415"}
        if queries:
            codes.add("400")
        authenticators = self.view.get_authenticators()
        if authenticators:
            codes.add("401")
        permissions = [type(p) for p in self.view.get_permissions()]
        if any(p not in (AllowAny, IsAuthenticated) for p in permissions):
            codes.add("403")
        if self.method in UNSAFE and any(
            isinstance(a, SessionAuthentication) for a in authenticators
        ):
            codes.add("403")
        if "{" in self.path:
            codes.add("404")
        return codes


# Where one operation's answer leads to the next: {operationId: {link name: (target
# operationId, {its parameter: where the value comes from})}}, added to every 2xx answer.
SUBMISSION = {"id": "$response.body#/id"}
FOLLOW_SUBMISSION = {
    "ReadSubmission": ("v1_submissions_retrieve", SUBMISSION),
    "ListProblems": ("v1_submissions_problems_list", SUBMISSION),
    "ConfirmSubmission": ("v1_submissions_confirm_create", SUBMISSION),
    "DiscardSubmission": ("v1_submissions_discard_create", SUBMISSION),
}
LINKS = {
    "v1_returns_create": FOLLOW_SUBMISSION,
    "v1_submissions_retrieve": FOLLOW_SUBMISSION,
}


def add_links(result, generator, request, public):
    """SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]: the links of LINKS, in the schema."""
    operations = {
        op["operationId"]: op
        for methods in result.get("paths", {}).values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }
    for source, links in LINKS.items():
        if source not in operations:
            continue
        wanted = {
            name: {"operationId": target, "parameters": parameters}
            for name, (target, parameters) in links.items()
            if target in operations
        }
        for code, answer in operations[source]["responses"].items():
            if code.startswith("2"):
                answer["links"] = wanted
    return result

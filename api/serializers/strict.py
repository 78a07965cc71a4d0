"""Request shapes that refuse what they do not name, so that the schema's promise holds both
ways: `additionalProperties: false` there (api/schema.py), a 400 naming the field here."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from rest_framework import serializers

NO_NULLS = r"^[^\x00]*$"


class WholeMatch(RegexValidator):
    """The whole text matches, as JSON Schema's `pattern` with ^ and $ means (Python's $
    would also let a final newline through)."""

    def __call__(self, value):
        if not self.regex.fullmatch(str(value)):
            raise ValidationError(self.message, code=self.code)


class StrictCharField(serializers.CharField):
    """Text, and only text: a number or true/false where text belongs is refused, not
    turned into text. Kept as sent (no trimming), and matching `pattern` when given, else
    free of null characters, which no text Reach stores may hold; the schema says the
    same (a `pattern`)."""

    default_error_messages = {"invalid": "Send text (a JSON string) here."}

    def __init__(self, *, pattern: str = NO_NULLS, pattern_message: str = "", **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        # The pattern replaces DRF's null-character check, so the schema states the rule.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        message = pattern_message or "Use text without null characters."
        self.validators.append(WholeMatch(pattern, message=message))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """A request body whose unknown fields are refused, each named."""

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"request": ["Send a JSON object (or form fields), not a list or a value."]}
            )
        known = set(self.fields)
        unknown = sorted(str(key) for key in data.keys() if key not in known)
        if unknown:
            expected = ", ".join(sorted(known))
            raise serializers.ValidationError(
                {
                    name: [f"Reach does not take '{name}' here. Send only: {expected}."]
                    for name in unknown
                }
            )
        return super().to_internal_value(data)

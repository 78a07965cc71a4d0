"""A provider's own words: what its case system's headings and labels mean."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ProviderMapping(models.Model):
    """One rule of a provider's saved mapping, applied to its next files (upload and API).

    A heading rule says what a column is ("Client Ref" is the referral ID) or that it is
    left out; a value rule says what a label in one column means ("Hate crime" is race
    hate crime). Rules are read when a file is checked; a stored version keeps the rules
    it was read with (ReturnVersion.mapping_used), so changing one re-reads nothing.
    """

    class Kind(models.TextChoices):
        HEADING = "heading", "A column heading"
        VALUE = "value", "A value in a column"

    LEAVE_OUT = "leave_out"  # a heading rule's target: the column is not read

    provider = models.ForeignKey(
        "organisations.Provider", on_delete=models.CASCADE, related_name="mappings"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    field = models.CharField(max_length=40, blank=True)  # value rules: the standard column
    source = models.CharField(max_length=200)  # as written in the provider's files
    key = models.CharField(max_length=200)  # normalised, as matched
    target = models.CharField(max_length=60)  # a standard column, LEAVE_OUT, or a code
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "field", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kind", "field", "key"], name="one_mapping_rule_per_key"
            ),
            models.CheckConstraint(
                condition=Q(kind="heading", field="") | (Q(kind="value") & ~Q(field="")),
                name="mapping_value_rules_name_their_column",
            ),
        ]

    def __str__(self) -> str:
        where = f" in {self.field}" if self.field else ""
        return f"{self.provider}: '{self.source}'{where} means {self.target}"

    def as_record(self) -> dict[str, str]:
        """The rule as kept with a version that was read with it."""
        return {
            "kind": self.kind,
            "field": self.field,
            "source": self.source,
            "target": self.target,
        }

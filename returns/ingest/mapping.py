"""A provider's saved mapping, as the checks read it (models: returns.models.ProviderMapping).

Heading rules say what a column is, or that it is left out; value rules say what a label
in one column means. Both are matched the way Reach matches its own spellings (headings
by `standard.normalise_column`, labels by returns/ingest/labels.py), and win over Reach's
own readings: the provider knows what its case system means.
"""

from dataclasses import dataclass, field

from returns.ingest import labels
from returns.standard import normalise_column


def heading_key(heading: str) -> str:
    return normalise_column(heading)


def value_key(value: str) -> str:
    return labels.key(value)


@dataclass
class Mapping:
    headings: dict[str, str] = field(default_factory=dict)  # heading key -> column or LEAVE_OUT
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> key -> code
    rules: list[dict[str, str]] = field(default_factory=list)  # as kept with a version
    used: list[dict[str, str]] = field(default_factory=list)  # the rules this file needed

    def apply_to(self, lists) -> None:
        for column, rules in self.values.items():
            if column in lists:
                for key, code in rules.items():
                    lists[column].names.override(key, code)
                    lists[column].mapped[key] = code

    def heading(self, heading: str) -> str | None:
        return self.headings.get(heading_key(heading))

    def note_used(self, kind: str, field: str, source: str) -> None:
        for rule in self.rules:
            if rule["kind"] != kind or rule["field"] != field:
                continue
            match = heading_key if kind == "heading" else value_key
            if match(rule["source"]) == match(source) and rule not in self.used:
                self.used.append(rule)


def mapping_for(provider) -> Mapping:
    """The provider's saved rules, ready for the checks (one query)."""
    from returns.models import ProviderMapping

    mapping = Mapping()
    for rule in ProviderMapping.objects.filter(provider=provider):
        mapping.rules.append(rule.as_record())
        if rule.kind == ProviderMapping.Kind.HEADING:
            mapping.headings[rule.key] = rule.target
        else:
            mapping.values.setdefault(rule.field, {})[rule.key] = rule.target
    return mapping

"""A provider's saved mapping: what its case system's headings and labels mean.

A rule is read when the provider's next file is checked (upload and API); a stored
version keeps the rules it was read with, so changing one never re-reads a stored version.
"""

from django.db import transaction

from core.audit import audit
from returns.ingest.codes import CODE_COLUMNS
from returns.ingest.columns import LEAVE_OUT
from returns.ingest.mapping import heading_key, value_key
from returns.models import ProviderMapping
from returns.services._common import SubmissionRefused
from returns.standard import COLUMNS

K = ProviderMapping.Kind
HEADING_TARGETS = {c.name: c.title for c in COLUMNS} | {"age": "Age in years"}


def rule_words(rule: dict) -> str:
    """A rule as a person reads it: "'Hate crime' in the crime type column means Hate crime: race"."""
    kind, field, source, target = (
        rule["kind"],
        rule.get("field", ""),
        rule["source"],
        rule["target"],
    )
    if kind == K.HEADING:
        if target == LEAVE_OUT:
            return f"The column '{source}' is left out"
        return f"The column '{source}' is the {HEADING_TARGETS.get(target, target).lower()}"
    column = HEADING_TARGETS.get(field, field).lower()
    return f"'{source}' in the {column} column means {code_label(field, target)}"


def code_label(field: str, code: str) -> str:
    if field == "ethnicity":
        from reference.models import EthnicGroup

        group = EthnicGroup.objects.filter(code=code).first()
        return (group.display_name or group.label) if group else code
    model = CODE_COLUMNS.get(field)
    row = model.objects.filter(code=code).first() if model else None
    return row.label if row else code


def _valid_code(field: str, code: str) -> bool:
    if field == "ethnicity":
        from reference.models import EthnicGroup

        return EthnicGroup.objects.filter(code=code).exists()
    model = CODE_COLUMNS.get(field)
    return model is not None and model.objects.filter(code=code).exists()


def mapping_save(*, provider, rules: list[dict], by) -> list[ProviderMapping]:
    """Save rules {"kind", "field", "source", "target"}: one per heading or label; a rule
    for the same heading or label replaces the one before. All or nothing."""
    cleaned = []
    for rule in rules:
        kind, source = rule["kind"], (rule.get("source") or "").strip()
        field, target = rule.get("field", "") or "", rule.get("target", "") or ""
        if not source:
            raise SubmissionRefused("A mapping rule needs the heading or label it is for.")
        if kind == K.HEADING:
            if target not in HEADING_TARGETS and target != LEAVE_OUT:
                raise SubmissionRefused(f"Choose what the column '{source}' holds.")
            cleaned.append((kind, "", source, heading_key(source), target))
        elif kind == K.VALUE:
            if not _valid_code(field, target):
                raise SubmissionRefused(f"Choose what '{source}' means.")
            cleaned.append((kind, field, source, value_key(source), target))
        else:
            raise SubmissionRefused(f"Unknown kind of mapping rule {kind!r}.")
    saved = []
    with transaction.atomic():
        for kind, field, source, key, target in cleaned:
            rule, created = ProviderMapping.objects.update_or_create(
                provider=provider,
                kind=kind,
                field=field,
                key=key,
                defaults={"source": source, "target": target, "updated_by": by},
            )
            if created:
                rule.created_by = by
                rule.save(update_fields=["created_by"])
            saved.append(rule)
        if saved:
            audit(
                by=by,
                verb="mapping_save",
                target=f"Mapping of {provider}",
                area=None,
                summary="; ".join(
                    f"'{r.source}'{' in ' + r.field if r.field else ''} → {r.target}" for r in saved
                )[:2000],
            )
    return saved


def mapping_delete(*, rule: ProviderMapping, by) -> None:
    with transaction.atomic():
        audit(
            by=by,
            verb="mapping_delete",
            target=f"Mapping of {rule.provider}",
            area=None,
            summary=f"Removed: '{rule.source}'{' in ' + rule.field if rule.field else ''} → {rule.target}",
        )
        rule.delete()

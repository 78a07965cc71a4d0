"""Writes for the good-practice library: keyword-only, one transaction, audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.audit import audit
from library.models import CaseStudy
from library.workflow import Refused, check_transition


def _unique_slug(title: str) -> str:
    base = slugify(title.replace("&", "and"))[:200] or "case-study"
    slug, n = base, 2
    while CaseStudy.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def case_study_submit(*, form, area, by) -> CaseStudy:
    """A commissioner submits a case study for its area; it waits for the assessor."""
    case_study = form.save(commit=False)
    case_study.slug = _unique_slug(case_study.title)
    case_study.area = area
    case_study.status = CaseStudy.Status.SUBMITTED
    case_study.submitted_by = by
    case_study.submitted_at = timezone.now()
    case_study.save()
    form.save_m2m()
    audit(by=by, area=area, verb="case_study_submit", target=case_study)
    return case_study


@transaction.atomic
def case_study_update(*, form, by) -> CaseStudy:
    """Change a case study that is waiting or was returned; a returned one is resubmitted."""
    case_study = CaseStudy.objects.select_for_update().get(pk=form.instance.pk)
    if case_study.status not in (CaseStudy.Status.SUBMITTED, CaseStudy.Status.RETURNED):
        raise Refused(
            f"A case study that is {case_study.get_status_display().lower()} cannot be changed."
        )
    case_study = form.save(commit=False)
    if case_study.status == CaseStudy.Status.RETURNED:
        check_transition(case_study, CaseStudy.Status.SUBMITTED)
        case_study.status = CaseStudy.Status.SUBMITTED
    case_study.submitted_at = timezone.now()
    case_study.save()
    form.save_m2m()
    changed = ", ".join(form.changed_data) or "nothing"
    audit(
        by=by, area=case_study.area, verb="case_study_update", target=case_study,
        summary=f"Changed: {changed}",
    )  # fmt: skip
    return case_study


@transaction.atomic
def case_study_decide(*, case_study: CaseStudy, decision: str, note: str = "", by) -> CaseStudy:
    """The assessor approves a case study for sharing, returns it, or withdraws it."""
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    check_transition(case_study, decision)
    if decision == CaseStudy.Status.RETURNED and not note.strip():
        raise Refused("Say what needs to change before returning the case study.")
    case_study.status = decision
    case_study.decided_by = by
    case_study.decided_at = timezone.now()
    case_study.decision_note = note.strip()
    case_study.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit(
        by=by, area=case_study.area, verb=f"case_study_{decision}", target=case_study,
        summary=note.strip(),
    )  # fmt: skip
    return case_study


@transaction.atomic
def case_study_publish_from_source(
    *, fields: dict, standards, crime_types, communities, area, by=None
):
    """Load a published case study (the guidance's Annex A) straight into the library.

    Used by the demo: these were published by the Ministry of Justice, so they are
    approved as they are loaded, and the audit record says where they came from.
    """
    now = timezone.now()
    case_study = CaseStudy.objects.create(
        slug=_unique_slug(fields["title"]),
        area=area,
        status=CaseStudy.Status.APPROVED,
        submitted_by=by,
        submitted_at=now,
        decided_by=by,
        decided_at=now,
        **fields,
    )
    case_study.standards.set(standards)
    case_study.crime_types.set(crime_types)
    case_study.communities.set(communities)
    audit(
        by=by, area=area, verb="case_study_load", target=case_study,
        summary=f"Published in: {fields.get('source', '')}",
    )  # fmt: skip
    return case_study

"""Writes to the self-assessment and its ratings (docs/product.md, "The assurance cycle").

Draft (save any time) → signed off → submitted (frozen). Changing a signed-off draft
withdraws the sign-off. A correction of a submitted version is version n+1, a copy of its
answers; submitting it marks the earlier version superseded. Ratings apply to the
submitted version only.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.authorization import Permission
from assurance import notifications
from assurance.models import (
    Answer,
    Prompt,
    QualityStandard,
    Rating,
    SelfAssessment,
    StandardRating,
    StandardsEdition,
)
from assurance.services._common import Refused, require
from assurance.workflow import assessment_move
from core.audit import audit

S = SelfAssessment.Status


def _locked(assessment: SelfAssessment) -> SelfAssessment:
    return (
        SelfAssessment.objects.select_for_update()
        .select_related("area", "period")
        .get(pk=assessment.pk)
    )


def _frozen_message(assessment: SelfAssessment) -> str:
    when = f" on {assessment.submitted_at:%d %B %Y}" if assessment.submitted_at else ""
    return (
        f"Version {assessment.version} was submitted{when} and is frozen. "
        "Start a correction to change it."
    )


def assessment_start(*, area, period, by) -> SelfAssessment:
    """Version 1 of the area's self-assessment for the period, against the current edition."""
    require(by, Permission.ASSESSMENT_EDIT, area=area)
    edition = StandardsEdition.current()
    if edition is None:
        raise Refused("The Quality Standards are not loaded: run `manage.py load_standards`.")
    with transaction.atomic():
        if SelfAssessment.objects.filter(area=area, period=period).exists():
            raise Refused(f"{area.name} already has a self-assessment for {period.label}.")
        assessment = SelfAssessment.objects.create(
            area=area, period=period, version=1, edition=edition, created_by=by
        )
        audit(by=by, area=area, verb="assessment_start", target=assessment)
    return assessment


@dataclass
class SaveResult:
    changed: int
    sign_off_withdrawn: bool


def assessment_answers_save(
    *, assessment: SelfAssessment, answers: dict[int, tuple[str, str]], by
) -> SaveResult:
    """Save answers: prompt id → (answer text, evidence links, one a line)."""
    require(by, Permission.ASSESSMENT_EDIT, area=assessment.area)
    with transaction.atomic():
        assessment = _locked(assessment)
        if not assessment.is_editable:
            raise Refused(_frozen_message(assessment))
        prompts = set(
            Prompt.objects.filter(
                standard__edition=assessment.edition, answerable=True
            ).values_list("pk", flat=True)
        )
        unknown = set(answers) - prompts
        if unknown:
            raise Refused("Some answers are for prompts not in this edition of the standards.")
        existing = {a.prompt_id: a for a in assessment.answers.all()}
        changed = 0
        for prompt_id, (text, links) in answers.items():
            text, links = (text or "").strip(), _normalise_links(links)
            answer = existing.get(prompt_id)
            if answer is None:
                if not text and not links:
                    continue
                Answer.objects.create(
                    assessment=assessment,
                    prompt_id=prompt_id,
                    text=text,
                    evidence_links=links,
                    updated_by=by,
                )
                changed += 1
            elif (answer.text, answer.evidence_links) != (text, links):
                answer.text, answer.evidence_links, answer.updated_by = text, links, by
                answer.save(update_fields=["text", "evidence_links", "updated_by", "updated_at"])
                changed += 1
        withdrawn = False
        if changed and assessment.status == S.SIGNED_OFF:
            assessment_move(assessment, S.DRAFT, by)
            withdrawn = True
        if changed:
            assessment.save()
            audit(
                by=by,
                area=assessment.area,
                verb="assessment_answers_save",
                target=assessment,
                summary=f"{changed} answers changed"
                + ("; sign-off withdrawn" if withdrawn else ""),
            )
    return SaveResult(changed=changed, sign_off_withdrawn=withdrawn)


def _normalise_links(links: str) -> str:
    return "\n".join(line.strip() for line in (links or "").splitlines() if line.strip())


def unanswered_prompts(assessment: SelfAssessment) -> list:
    answered = set(assessment.answers.exclude(text="").values_list("prompt_id", flat=True))
    return [
        p
        for p in Prompt.objects.filter(
            standard__edition=assessment.edition, answerable=True, optional=False
        ).select_related("standard")
        if p.pk not in answered
    ]


def assessment_sign_off(*, assessment: SelfAssessment, by) -> SelfAssessment:
    """The commissioner confirms the answers are complete and accurate."""
    require(by, Permission.ASSESSMENT_SUBMIT, area=assessment.area)
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.is_frozen:
            raise Refused(_frozen_message(assessment))
        missing = unanswered_prompts(assessment)
        if missing:
            raise Refused(
                "Answer every prompt before signing off. Not yet answered: "
                + ", ".join(
                    f"Quality Standard {p.standard.number} prompt {p.number}" for p in missing
                )
                + "."
            )
        assessment_move(assessment, S.SIGNED_OFF, by)
        assessment.save()
        audit(by=by, area=assessment.area, verb="assessment_sign_off", target=assessment)
    return assessment


def assessment_submit(
    *, assessment: SelfAssessment, by, figures: dict | None = None
) -> SelfAssessment:
    """Submit a signed-off version to the Ministry of Justice. It is frozen from now on.

    `figures` is the snapshot of Reach's figures beside each standard (assurance/figures.py)
    kept with the submission so the assessor reviews what the commissioner saw.
    """
    require(by, Permission.ASSESSMENT_SUBMIT, area=assessment.area)
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status == S.DRAFT:
            raise Refused("Sign off the self-assessment before submitting it.")
        if assessment.is_frozen:
            raise Refused(_frozen_message(assessment))
        previous = list(
            SelfAssessment.objects.select_for_update().filter(
                area=assessment.area, period=assessment.period, status=S.SUBMITTED
            )
        )
        for old in previous:
            assessment_move(old, S.SUPERSEDED, by)
            old.save()
        assessment_move(assessment, S.SUBMITTED, by)
        assessment.figures = figures or {}
        assessment.save()
        audit(
            by=by,
            area=assessment.area,
            verb="assessment_submit",
            target=assessment,
            summary=f"Version {assessment.version} submitted"
            + (f", replacing version {previous[0].version}" if previous else ""),
        )
        notifications.assessment_submitted(assessment)
    return assessment


def assessment_correct(*, assessment: SelfAssessment, by) -> SelfAssessment:
    """Start version n+1 of a submitted self-assessment, copying its answers."""
    require(by, Permission.ASSESSMENT_EDIT, area=assessment.area)
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status != S.SUBMITTED:
            raise Refused(
                "Only the submitted version can be corrected."
                if assessment.status != S.SUPERSEDED
                else "This version has already been replaced by a correction."
            )
        siblings = SelfAssessment.objects.filter(area=assessment.area, period=assessment.period)
        if siblings.filter(status__in=[S.DRAFT, S.SIGNED_OFF]).exists():
            raise Refused("A correction is already being written: continue that one.")
        latest = siblings.aggregate(n=Max("version"))["n"]
        correction = SelfAssessment.objects.create(
            area=assessment.area,
            period=assessment.period,
            version=latest + 1,
            edition=assessment.edition,
            created_by=by,
        )
        Answer.objects.bulk_create(
            Answer(
                assessment=correction,
                prompt_id=a.prompt_id,
                text=a.text,
                evidence_links=a.evidence_links,
                updated_by=by,
            )
            for a in assessment.answers.all()
        )
        audit(
            by=by,
            area=assessment.area,
            verb="assessment_correct",
            target=correction,
            summary=f"Correction of version {assessment.version} started",
        )
    return correction


def assessment_rate(
    *, assessment: SelfAssessment, standard: QualityStandard, rating: str, comment: str, by
) -> StandardRating:
    """The assessor rates one standard of the submitted version (the latest rating counts)."""
    require(by, Permission.ASSESSMENT_RATE, area=assessment.area)
    if rating not in Rating.values:
        raise Refused(f"Unknown rating {rating!r}.")
    comment = (comment or "").strip()
    if rating != Rating.MET and not comment:
        raise Refused("Say why the standard is not met, or what evidence is missing.")
    with transaction.atomic():
        assessment = _locked(assessment)
        if assessment.status != S.SUBMITTED:
            raise Refused(
                "Only a submitted self-assessment can be rated, and only its latest version."
            )
        if standard.edition_id != assessment.edition_id:
            raise Refused("That standard is not in the edition this self-assessment answers.")
        rated = StandardRating.objects.create(
            assessment=assessment,
            standard=standard,
            rating=rating,
            comment=comment,
            rated_by=by,
            rated_at=timezone.now(),
        )
        audit(
            by=by,
            area=assessment.area,
            verb="assessment_rate",
            target=assessment,
            summary=f"Quality Standard {standard.number}: {rated.get_rating_display()}",
        )
    return rated

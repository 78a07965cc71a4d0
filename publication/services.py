"""The only writer of transparency reports: start a revision, write it, publish, withdraw.

Each step checks the person's permission for the report's area, runs in one transaction
with its audit record, and refuses (changing nothing) with words that say what to do.
A report is published only once the area's self-assessment for that period is
submitted; publishing takes the disclosure-controlled figures (`disclosure`) as they
stand and keeps them with the report (docs/publication.md).
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

import disclosure
from accounts.authorization import Permission, has_permission
from assurance.models import QualityStandard, SelfAssessment
from assurance.workflow import NotPermitted, Refused
from core.audit import audit
from publication.models import PublishedReport, StandardSummary

S = PublishedReport.Status

#: The longest public summary of one standard, in characters (about 500 words).
SUMMARY_MAX = 3000
#: The longest reason for withdrawing a report, in characters.
REASON_MAX = 1000
#: What a commissioner is told when the address they chose is another report's.
ADDRESS_TAKEN = "A report with this address already exists: choose another title or address."


def _require(by, permission, area) -> None:
    if not has_permission(by, permission, area=area):
        raise NotPermitted("Your role may not do this for this area.")


def submitted_assessment(area, period) -> SelfAssessment | None:
    """The area's current submitted self-assessment for the period, if there is one."""
    return SelfAssessment.objects.filter(
        area=area, period=period, status=SelfAssessment.Status.SUBMITTED
    ).first()


def standards_for(assessment: SelfAssessment | None):
    """The Quality Standards a report speaks to: those of the assessment's edition."""
    if assessment is None:
        from assurance.models import StandardsEdition

        edition = StandardsEdition.current()
    else:
        edition = assessment.edition
    if edition is None:
        return QualityStandard.objects.none()
    return edition.standards.order_by("number")


def _locked(report: PublishedReport) -> PublishedReport:
    return PublishedReport.objects.select_for_update().get(pk=report.pk)


def default_address(area, period) -> str:
    """The address a report is offered: "<area slug>-<period code>"."""
    return f"{area.slug}-{period.code.lower()}"


def address_taken(address: str, area, period) -> bool:
    """Whether a report of another area or period already has this address."""
    return PublishedReport.objects.filter(slug=address).exclude(area=area, period=period).exists()


def report_draft(*, area, period, by, address: str | None = None) -> PublishedReport:
    """The draft revision of the area's report for the period, started if there is none.

    A new revision starts from the words of the latest one, so a revision changes only
    what the commissioner changes. The first revision takes `address` (by default
    `default_address`); every later one keeps the address of the first.
    """
    _require(by, Permission.REPORT_PUBLISH, area)
    try:
        return _report_draft(area=area, period=period, by=by, address=address)
    except IntegrityError:
        # Another report may have taken the address between the check and the insert.
        slug = address or default_address(area, period)
        if address_taken(slug, area, period):
            raise Refused(ADDRESS_TAKEN) from None
        raise


def _report_draft(*, area, period, by, address) -> PublishedReport:
    with transaction.atomic():
        existing = (
            PublishedReport.objects.select_for_update()
            .filter(area=area, period=period, status=S.DRAFT)
            .first()
        )
        if existing is not None:
            return existing
        revisions = PublishedReport.objects.filter(area=area, period=period)
        latest = revisions.order_by("-revision").first()
        number = (revisions.aggregate(n=Max("revision"))["n"] or 0) + 1
        slug = latest.slug if latest else (address or default_address(area, period))
        if address_taken(slug, area, period):
            raise Refused(ADDRESS_TAKEN)
        report = PublishedReport.objects.create(
            area=area, period=period, revision=number, slug=slug, created_by=by
        )
        words = {s.standard_id: s.text for s in latest.summaries.all()} if latest else {}
        StandardSummary.objects.bulk_create(
            StandardSummary(
                report=report, standard=standard, text=words.get(standard.pk, ""), updated_by=by
            )
            for standard in standards_for(submitted_assessment(area, period))
        )
        audit(
            by=by,
            area=area,
            verb="report_draft",
            target=report,
            summary=f"Revision {number} started"
            + (f" from revision {latest.revision}" if latest else ""),
        )
    return report


def report_summaries_save(*, report: PublishedReport, texts: dict[int, str], by) -> PublishedReport:
    """Save the public summaries of a draft, keyed by Quality Standard number."""
    _require(by, Permission.REPORT_PUBLISH, report.area)
    with transaction.atomic():
        report = _locked(report)
        if report.status != S.DRAFT:
            raise Refused(
                "This revision is no longer a draft, so its words cannot change. "
                "Start a new revision to change the published report."
            )
        summaries = {s.standard.number: s for s in report.summaries.select_related("standard")}
        unknown = sorted(set(texts) - set(summaries))
        if unknown:
            raise Refused(f"There is no Quality Standard {unknown[0]} in this report.")
        for number, text in texts.items():
            text = (text or "").strip().replace("\r\n", "\n")
            if len(text) > SUMMARY_MAX:
                raise Refused(
                    f"The summary of Quality Standard {number} must be {SUMMARY_MAX:,} "
                    f"characters or fewer; it has {len(text):,}."
                )
            summary = summaries[number]
            if summary.text != text:
                summary.text, summary.updated_by = text, by
                summary.save(update_fields=["text", "updated_by", "updated_at"])
        report.save(update_fields=["updated_at"])
        audit(
            by=by,
            area=report.area,
            verb="report_summaries_save",
            target=report,
            summary=f"Summaries of Quality Standards {', '.join(str(n) for n in sorted(texts))} saved",
        )
    return report


def missing_summaries(report: PublishedReport) -> list[int]:
    """The numbers of the standards whose public summary is still empty."""
    return [
        s.standard.number
        for s in report.summaries.select_related("standard").order_by("standard__number")
        if not s.text.strip()
    ]


def report_publish(*, report: PublishedReport, by) -> PublishedReport:
    """Publish a draft: the public sees it, with the figures as they stand now.

    The figures are taken from `disclosure.public_tables` and kept with the report; a
    later change to the returns does not change them. The revision it replaces, if any,
    is kept as superseded.
    """
    _require(by, Permission.REPORT_PUBLISH, report.area)
    with transaction.atomic():
        report = _locked(report)
        if report.status != S.DRAFT:
            raise Refused("Only a draft can be published: this revision already was.")
        assessment = submitted_assessment(report.area, report.period)
        if assessment is None:
            raise Refused(
                f"Submit the self-assessment for {report.period.label} before publishing "
                "the transparency report: the report tells the public what the submitted "
                "self-assessment says."
            )
        missing = missing_summaries(report)
        if missing:
            raise Refused(
                "Write the public summary of Quality Standard "
                + ", ".join(str(n) for n in missing)
                + " before publishing."
            )
        try:
            tables = disclosure.snapshot(disclosure.public_tables(report.area, report.period))
        except ValueError as error:
            raise Refused(
                f"The figures for {report.period.label} could not be made safe to publish, so "
                f"nothing was published: {error}"
            ) from error
        now = timezone.now()
        earlier = list(
            PublishedReport.objects.select_for_update()
            .filter(area=report.area, period=report.period)
            .exclude(pk=report.pk)
            .exclude(published_at=None)
            .order_by("revision")
        )
        for old in earlier:
            if old.status == S.PUBLISHED:
                old.status = S.SUPERSEDED
                old.save(update_fields=["status", "updated_at"])
        report.status = S.PUBLISHED
        report.assessment = assessment
        report.tables = tables
        report.published_at, report.published_by = now, by
        report.first_published_at = earlier[0].first_published_at if earlier else now
        report.save()
        audit(
            by=by,
            area=report.area,
            verb="report_publish",
            target=report,
            summary=f"Revision {report.revision} published, with {len(tables)} tables of "
            f"figures, against self-assessment version {assessment.version}",
        )
    return report


def report_withdraw(*, report: PublishedReport, by, reason: str) -> PublishedReport:
    """Take a published report down. The public address then says it was withdrawn."""
    _require(by, Permission.REPORT_PUBLISH, report.area)
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Enter why the report is being withdrawn.")
    if len(reason) > REASON_MAX:
        raise Refused(f"The reason must be {REASON_MAX:,} characters or fewer.")
    with transaction.atomic():
        report = _locked(report)
        if report.status != S.PUBLISHED:
            raise Refused("Only the published revision can be withdrawn.")
        report.status = S.WITHDRAWN
        report.withdrawn_at, report.withdrawn_by, report.withdrawn_reason = (
            timezone.now(),
            by,
            reason,
        )
        report.save()
        audit(
            by=by,
            area=report.area,
            verb="report_withdraw",
            target=report,
            summary=f"Revision {report.revision} withdrawn: {reason}",
        )
    return report

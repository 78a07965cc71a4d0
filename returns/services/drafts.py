"""The web form's draft: counts typed in so far, kept between visits (returns/web_form.py)."""

from django.db import transaction
from django.db.models import Sum

from returns.cube import cube_from_counts, load_code_ids
from returns.models import Return, ReturnVersion, Submission, WebFormDraft
from returns.services._common import SubmissionRefused, check_serves
from returns.web_form import (
    NOT_RECORDED_CRIME,
    OUTCOME_COLUMNS,
    RECORDED,
    REFERRALS,
    count_rows,
    ethnic_groups,
    group_referrals,
    placed_by_group,
    placed_rows,
    places_over,
    places_over_message,
)
from returns.workflow import check_submission_move


def _prefill(version: ReturnVersion) -> dict:
    """The counting version's counts by crime type, ethnic group and outcome, in the form's
    terms: outcomes the form does not ask count as "outcome not known"."""
    counts: dict = {}
    rows = (
        version.cells.values("crime_type__code", "ethnicity__code", "outcome__code")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        crime, group, outcome = (
            row["crime_type__code"],
            row["ethnicity__code"],
            row["outcome__code"],
        )
        by = counts.setdefault(crime, {}).setdefault(group, {})
        by[REFERRALS] = by.get(REFERRALS, 0) + row["n"]
        if outcome in OUTCOME_COLUMNS:
            by[outcome] = by.get(outcome, 0) + row["n"]
    return counts


def _prefill_places(version: ReturnVersion) -> dict:
    """The counting version's referrals by local authority and ethnic group."""
    counts: dict = {}
    rows = (
        version.local_authority_cells.values("local_authority__code", "ethnicity__code")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        by = counts.setdefault(row["local_authority__code"], {})
        by[row["ethnicity__code"]] = by.get(row["ethnicity__code"], 0) + row["n"]
    if not counts:
        return {}
    return {"not_recorded": False, "chosen": sorted(counts), "counts": counts, "done": []}


def draft_open(*, provider, area, period, by) -> WebFormDraft:
    """The provider's draft for this return, started (prefilled from the version that
    counts, if any) on the first visit."""
    check_serves(provider, area)
    with transaction.atomic():
        draft, created = WebFormDraft.objects.get_or_create(
            provider=provider, area=area, period=period, defaults={"updated_by": by}
        )
        if created:
            record = Return.objects.filter(provider=provider, area=area, period=period).first()
            version = record.current_version if record else None
            if version is not None:
                draft.counts = _prefill(version)
                draft.crime_types = list(draft.counts)
                draft.places = _prefill_places(version)
                draft.based_on = version
                draft.save()
    return draft


def draft_crime_types_set(*, draft: WebFormDraft, codes: list[str], by) -> WebFormDraft:
    """Choose the crime types; counts of those dropped are dropped with them."""
    draft.crime_types = list(codes)
    draft.counts = {c: v for c, v in draft.counts.items() if c in codes}
    draft.done = [c for c in draft.done if c in codes]
    draft.updated_by = by
    draft.save()
    return draft


def draft_page_save(*, draft: WebFormDraft, crime: str, counts: dict, by) -> WebFormDraft:
    if crime not in draft.crime_types:
        raise SubmissionRefused("Choose this crime type first.")
    draft.counts = {**draft.counts, crime: counts}
    if crime not in draft.done:
        draft.done = [*draft.done, crime]
    draft.updated_by = by
    draft.save()
    return draft


def draft_places_choose(
    *, draft: WebFormDraft, codes: list[str], not_recorded: bool, by
) -> WebFormDraft:
    """Choose the local authorities to give counts for, or say where victims live is not
    recorded; the counts of an authority dropped are dropped with it."""
    old = draft.places or {}
    codes = [] if not_recorded else list(codes)
    draft.places = {
        "not_recorded": bool(not_recorded),
        "chosen": codes,
        "counts": {c: v for c, v in old.get("counts", {}).items() if c in codes},
        "done": [c for c in old.get("done", []) if c in codes],
    }
    draft.updated_by = by
    draft.save()
    return draft


def draft_place_save(*, draft: WebFormDraft, code: str, counts: dict, by) -> WebFormDraft:
    places = draft.places or {}
    if code not in places.get("chosen", []):
        raise SubmissionRefused("Choose this local authority first.")
    done = places.get("done", [])
    draft.places = {
        **places,
        "counts": {**places.get("counts", {}), code: counts},
        "done": done if code in done else [*done, code],
    }
    draft.updated_by = by
    draft.save()
    return draft


def draft_places_over(draft: WebFormDraft) -> list[str]:
    """The rule's message for each ethnic group the local authorities count more often
    than the return has referrals (the crime type pages may have changed since)."""
    groups = ethnic_groups()
    labels = {g.code: g.display_name or g.short_label for g in groups}
    counts = (draft.places or {}).get("counts", {})
    referrals = group_referrals({c: draft.counts.get(c, {}) for c in draft.crime_types})
    over = places_over(placed_by_group(counts), referrals, groups)
    return [places_over_message(labels[code], n, r) for code, (n, r) in over.items()]


def draft_send(*, draft: WebFormDraft, by) -> Submission:
    """Turn the draft into a submission waiting at "check your answers". The draft stays
    until the return is sent, so the provider can go back and change it."""
    from returns.services.submissions import submission_of_counts

    missing = [c for c in draft.crime_types if c not in draft.done]
    if not draft.crime_types or missing:
        raise SubmissionRefused("Fill in every crime type's page before you check your answers.")
    over = draft_places_over(draft)
    if over:
        raise SubmissionRefused(" ".join(over))
    rows = count_rows({c: draft.counts.get(c, {}) for c in draft.crime_types})
    rows = placed_rows(rows, (draft.places or {}).get("counts", {}))
    cube = cube_from_counts(rows, load_code_ids())
    recorded = [
        d for d in RECORDED if d != "crime_type" or draft.crime_types != [NOT_RECORDED_CRIME]
    ]
    # Earlier unsent checks of this draft are let go: the newest is the one to confirm.
    check_submission_move(Submission.Status.TO_CONFIRM, Submission.Status.DISCARDED)
    Submission.objects.filter(
        provider=draft.provider,
        area=draft.area,
        period=draft.period,
        channel=ReturnVersion.Channel.WEB_FORM,
        status=Submission.Status.TO_CONFIRM,
    ).update(
        status=Submission.Status.DISCARDED, pending_cube=None, stage="Replaced by a later check"
    )
    return submission_of_counts(
        provider=draft.provider,
        area=draft.area,
        period=draft.period,
        channel=ReturnVersion.Channel.WEB_FORM,
        submitted_by=by,
        cube=cube,
        recorded=recorded,
    )

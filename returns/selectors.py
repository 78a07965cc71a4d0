"""Reads about returns for the people who act on them: what a provider owes, and what a
commissioner has to look at. Always through the user's scope (accounts/scope.py).

A provider owes a return for each area it serves, for each of the recent periods that
have ended, from the first period it sent a return for that area (or, if it never has,
the latest period only): Reach does not know when a service began, so it does not
claim returns from before its first. A return is owed until a version counts or waits
for acceptance; a returned version does not settle it.
"""

from dataclasses import dataclass

from django.utils import timezone

from organisations.models import Provider
from reference.models import Area
from returns.ingest.rules.queries import changed_sharply
from returns.models import Return, ReturnVersion
from returns.periods import recent_complete_periods

PERIODS_SHOWN = 6
DUE_SOON_DAYS = 7  # "due soon" on pages and in reminders


@dataclass(frozen=True)
class Owed:
    provider: Provider
    area: Area
    period: object
    due_date: object
    overdue: bool
    returned: ReturnVersion | None  # the version sent back, if that is why it is owed

    @property
    def due_soon(self) -> bool:
        return not self.overdue and (self.due_date - timezone.localdate()).days <= DUE_SOON_DAYS


def _settled(record: Return | None) -> bool:
    if record is None:
        return False
    if record.current_version_id:
        return True
    return any(v.status == ReturnVersion.Status.AWAITING for v in record.versions.all())


def owed_returns(providers, *, today=None, periods=None) -> list[Owed]:
    """Every return the providers owe (see the module's docstring), oldest first."""
    today = today or timezone.localdate()
    periods = sorted(
        periods or recent_complete_periods(PERIODS_SHOWN, today), key=lambda p: p.start
    )
    providers = list(providers.prefetch_related("areas"))
    records = {
        (r.provider_id, r.area_id, r.period_id): r
        for r in Return.objects.filter(provider__in=providers, period__in=periods).prefetch_related(
            "versions"
        )
    }
    first = {}
    for r in (
        Return.objects.filter(provider__in=providers, current_version__isnull=False)
        .order_by("period__start")
        .values("provider_id", "area_id", "period__start")
    ):
        first.setdefault((r["provider_id"], r["area_id"]), r["period__start"])
    owed = []
    for provider in providers:
        if not provider.is_active:
            continue
        for area in provider.areas.all():
            start = first.get((provider.pk, area.pk))
            for period in periods:
                if start is None and period != periods[-1]:
                    continue
                if start is not None and period.start < start:
                    continue
                record = records.get((provider.pk, area.pk, period.pk))
                if _settled(record):
                    continue
                returned = None
                if record is not None:
                    returned = next(
                        (v for v in sorted(record.versions.all(), key=lambda v: -v.number)
                         if v.status == ReturnVersion.Status.RETURNED),
                        None,
                    )  # fmt: skip
                owed.append(
                    Owed(provider, area, period, period.due_date, today > period.due_date, returned)
                )
    return owed


def provider_panel(user, today=None) -> dict:
    """A provider's home page: what is due, overdue or returned, and what waits to be sent."""
    from returns.models import Submission

    providers = Provider.objects.visible_to(user).filter(memberships__user=user).distinct()
    owed = owed_returns(providers, today=today)
    waiting = (
        Submission.objects.visible_to(user)
        .filter(provider__in=providers, status=Submission.Status.TO_CONFIRM)
        .select_related("area", "period")
    )
    return {
        "overdue": [o for o in owed if o.overdue],
        "due": [o for o in owed if not o.overdue],
        "to_confirm": list(waiting[:20]),
        "next": next_period(today),
    }


def next_period(today=None):
    """The period in progress, whose returns are due next (created if need be)."""
    from returns.models import Period
    from returns.periods import period_ensure

    today = today or timezone.localdate()
    return period_ensure(*Period.containing(today))


def commissioner_panel(user, area, today=None) -> dict:
    """What a commissioner has to look at in an area: late returns, versions waiting for
    acceptance, versions returned and not yet replaced, and returns that changed sharply."""
    today = today or timezone.localdate()
    periods = recent_complete_periods(PERIODS_SHOWN, today)
    providers = Provider.objects.visible_to(user).filter(areas=area, is_active=True)
    late = [
        o
        for o in owed_returns(providers, today=today, periods=periods)
        if o.area == area and o.overdue
    ]
    versions = ReturnVersion.objects.filter(
        return_record__in=Return.objects.visible_to(user).filter(area=area, period__in=periods)
    ).select_related("return_record__provider", "return_record__period")
    awaiting = list(versions.filter(status=ReturnVersion.Status.AWAITING).order_by("submitted_at"))
    returned = [
        v
        for v in versions.filter(status=ReturnVersion.Status.RETURNED).order_by("-decided_at")
        if not v.return_record.current_version_id
    ]
    return {
        "area": area,
        "late": late,
        "awaiting": awaiting,
        "returned": returned,
        "changed": changed_sharply_returns(user, area, periods),
    }


def changed_sharply_returns(user, area, periods) -> list[dict]:
    """Counting returns of the latest period whose total moved sharply since the previous
    period's (the threshold of the total_changed query)."""
    if len(periods) < 2:
        return []
    latest, previous = periods[0], periods[1]
    records = (
        Return.objects.visible_to(user)
        .filter(area=area, period__in=[latest, previous], current_version__isnull=False)
        .select_related("current_version", "provider", "period")
    )
    totals = {(r.provider_id, r.period_id): r for r in records}
    out = []
    for (provider_id, period_id), record in totals.items():
        if period_id != latest.pk:
            continue
        before = totals.get((provider_id, previous.pk))
        if before is None:
            continue
        now, then = record.current_version.total_referrals, before.current_version.total_referrals
        if changed_sharply(now, then):
            out.append({"record": record, "now": now, "before": then})
    return sorted(out, key=lambda c: c["record"].provider.name)


def home_panel(user) -> dict | None:
    """The returns panel of the home page for this user, or None if there is nothing to show."""
    from accounts.authorization import Permission, has_permission

    if not getattr(user, "is_authenticated", False):
        return None
    panel = {}
    if has_permission(user, Permission.RETURN_SUBMIT):
        panel["provider"] = provider_panel(user)
    if has_permission(user, Permission.RETURN_ACCEPT):
        areas = Area.objects.visible_to(user).filter(pk__in=_commissioned_area_ids(user))
        panel["areas"] = [commissioner_panel(user, a) for a in areas[:5]]
    return panel or None


def _commissioned_area_ids(user) -> list[int]:
    from accounts.authorization import memberships_of
    from accounts.models import Role

    return [m.area_id for m in memberships_of(user) if m.role == Role.COMMISSIONER]

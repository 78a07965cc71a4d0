"""The audit trail: one function every app calls to record what was done, by whom.

Call `audit(...)` inside the transaction of the change it records, so that the record
and the change stand or fall together. Where it came from (address, browser, the
request) is not passed in: the audit middleware puts it in a context variable for the
length of each request (`request_context`), so services need no request. Outside a
request (commands, background tasks) the record says it was Reach itself.

Views of figures, exports and API calls are recorded by the middleware alone
(core/middleware.py `AuditMiddleware`), never by calls in each view.

`audit_prune` deletes the records older than the retention period (`manage.py
prune_audit`), a batch at a time, and records that it did.
"""

import contextlib
import datetime
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models as db_models
from django.db import transaction

RESULT_SUCCESS, RESULT_FAILURE, RESULT_REFUSED = "success", "failure", "refused"


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    user_agent: str
    request: str  # "METHOD /path/"
    channel: str  # "web" or "api"


_current: ContextVar[RequestContext | None] = ContextVar("reach_audit_request", default=None)


@contextlib.contextmanager
def request_context(context: RequestContext):
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)


def audit(
    *,
    by,
    verb: str,
    target,
    area=None,
    summary: str = "",
    result: str = RESULT_SUCCESS,
    actor_label: str = "",
):
    """Record that `by` did `verb` to `target` (in `area`, where it belongs to one).

    `target` is a model instance (its type and key are kept too) or words. `result` is
    "success", "failure" (a sign-in that failed) or "refused" (not allowed).
    """
    from django.utils import timezone

    from core.models import AuditEvent

    actor = by if getattr(by, "pk", None) is not None else None
    if isinstance(target, db_models.Model):
        target_type, target_id = target._meta.label_lower, str(target.pk or "")
    else:
        target_type, target_id = "", ""
    context = _current.get()
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=(actor_label or (getattr(actor, "email", "") if actor else ""))[:254],
        area=area,
        at=timezone.now(),
        verb=verb,
        target=str(target)[:300],
        target_type=target_type,
        target_id=target_id[:64],
        summary=summary,
        result=result,
        channel=context.channel if context else AuditEvent.Channel.SYSTEM,
        ip_address=context.ip_address if context else None,
        user_agent=context.user_agent if context else "",
        request=context.request[:300] if context else "",
    )


#: How many records one transaction of `audit_prune` deletes: small enough that no lock
#: on the table is held for long.
PRUNE_BATCH = 1_000


def retention_cutoff(now: datetime.datetime) -> datetime.datetime:
    """The start (midnight UTC) of the day AUDIT_RETENTION_YEARS years before `now`
    (28 February for a 29th): records before it are past the retention period. Never
    later than the moment the database's triggers allow deletes before."""
    from core.models import AUDIT_RETENTION_YEARS

    day = now.astimezone(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    year = day.year - AUDIT_RETENTION_YEARS
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=year, day=28)


def day_words(moment: datetime.datetime) -> str:
    """1 December 2019: the day of a moment in UTC, as the retention period counts."""
    moment = moment.astimezone(datetime.UTC)
    return f"{moment.day} {moment:%B %Y}"


@dataclass(frozen=True)
class Pruned:
    cutoff: datetime.datetime  # records older than this were (or would be) deleted
    count: int
    oldest: datetime.datetime | None = None  # of those, only for a dry run
    newest: datetime.datetime | None = None
    batches: int = 0


def audit_prune(*, dry_run: bool = False, now=None) -> Pruned:
    """Delete the records older than the retention period, PRUNE_BATCH at a time, each
    batch in a transaction of its own; the last batch's transaction also writes the
    record of what was deleted. With `dry_run`, count them and delete nothing.

    Two runs at once do not get in each other's way: each batch takes its rows with
    FOR UPDATE SKIP LOCKED (PostgreSQL), and SQLite lets one writer at a time. Records
    one run skipped because another held them are left to that other run.
    """
    from django.db.models import Max, Min
    from django.utils import timezone

    from core.models import AUDIT_RETENTION_YEARS, AuditEvent

    cutoff = retention_cutoff(now or timezone.now())
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        found = old.aggregate(oldest=Min("at"), newest=Max("at"))
        return Pruned(cutoff=cutoff, count=old.count(), **found)
    count = batches = 0
    rest = old
    while True:
        with transaction.atomic():
            batch = list(
                rest.order_by("at", "pk")
                .select_for_update(skip_locked=True)
                .values_list("at", "pk")[:PRUNE_BATCH]
            )
            if batch:
                deleted, _ = AuditEvent.objects.filter(pk__in=[pk for _, pk in batch]).delete()
                count += deleted
                batches += 1
                # The next batch starts after this one's last record, so that it does not
                # walk again past the ones just deleted (PostgreSQL keeps them in the index
                # until it vacuums).
                at, pk = batch[-1]
                rest = old.filter(at__gte=at).exclude(at=at, pk__lte=pk)
            if len(batch) < PRUNE_BATCH:
                audit(
                    by=None,
                    verb="audit_prune",
                    target="Audit trail",
                    summary=(
                        f"{count:,} record{'' if count == 1 else 's'} older than "
                        f"{day_words(cutoff)} deleted: records are kept for "
                        f"{AUDIT_RETENTION_YEARS} years."
                    ),
                )
                return Pruned(cutoff=cutoff, count=count, batches=batches)


# Plain-English names of what is recorded, for the audit page. A verb missing here is
# shown as its own words ("provider_register" → "Provider register").
VERBS = {
    # Signing in and accounts
    "sign_in": "Signed in (password)",
    "sign_in_failed": "Sign-in failed",
    "sign_in_locked_out": "Sign-in refused: locked out",
    "two_factor_verify": "Second factor checked",
    "two_factor_enrol": "Authenticator app set up",
    "two_factor_reset": "Two-factor sign-in reset",
    "recovery_codes_make": "Recovery codes made",
    "sign_out": "Signed out",
    "sign_out_everywhere": "Signed out everywhere",
    "session_expired": "Session ended (time limit)",
    "password_change": "Password changed",
    "password_reset_request": "Password reset asked for",
    "password_reset": "Password reset by email link",
    "invitation_send": "Invitation sent",
    "invitation_accept": "Invitation accepted",
    "invitation_withdraw": "Invitation withdrawn",
    "user_deactivate": "Account switched off",
    "user_reactivate": "Account switched on again",
    "membership_add": "Role given",
    "membership_remove": "Role taken away",
    "membership_lead": "Provider lead changed",
    "lockout_clear": "Lock-out cleared",
    # Reading and downloading
    "figures_view": "Viewed figures",
    "audit_view": "Read the audit trail",
    "export": "Downloaded a file",
    "api_call": "API call",
    "access_refused": "Refused a page",
    "admin_change": "Changed in the management site",
    "audit_prune": "Audit records past their time deleted",
    # The assurance cycle
    "assessment_start": "Self-assessment started",
    "assessment_answers_save": "Self-assessment answers saved",
    "assessment_sign_off": "Self-assessment signed off",
    "assessment_submit": "Self-assessment submitted",
    "assessment_correct": "Correction started",
    "assessment_rate": "Standard rated",
    "challenge_raise": "Challenge raised",
    "challenge_respond": "Challenge answered",
    "challenge_close": "Challenge closed",
    "action_add": "Action added",
    "action_remove": "Action removed",
    "action_update": "Action progress recorded",
    "action_plan_agree": "Action plan agreed",
    "action_plan_revise": "Action plan revision started",
    "escalation_step": "Escalation step",
    "suspension_request": "Suspension of grant payments asked for",
    "suspension_approve": "Suspension of grant payments approved",
    "suspension_reject": "Suspension of grant payments not approved",
}


def verb_label(verb: str) -> str:
    return VERBS.get(verb) or verb.replace("_", " ").capitalize()

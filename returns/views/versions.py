"""A version of a return, and the commissioner's decisions on it: accept, return with a
reason, or make an earlier version current again. Each decision has its own page that
says what it will do, and asks for the reason (returns/services/versions.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.authorization import Permission, has_permission
from core.access import check, requires
from returns import compare
from returns.forms import DecisionForm
from returns.models import ReturnVersion
from returns.services import (
    DecisionRefused,
    return_version_accept,
    return_version_restore,
    return_version_send_back,
)
from returns.services.mappings import rule_words
from returns.views.lookups import posted, provider_area_period, return_for

V = ReturnVersion.Status

# decision -> (who may, which statuses it applies to, the page's words)
DECISIONS = {
    "accept": {
        "statuses": (V.AWAITING, V.CURRENT),
        "title": "Accept version {n}",
        "button": "Accept this version",
        "reason_label": "Comment (optional)",
        "reason_hint": "For example, why the provider's explanation of the queries is enough.",
        "required": False,
        "service": return_version_accept,
    },
    "return": {
        "statuses": (V.AWAITING, V.CURRENT),
        "title": "Return version {n} to the provider",
        "button": "Return it to the provider",
        "reason_label": "Why are you returning it?",
        "reason_hint": "The provider is emailed this reason and sees it with the version.",
        "required": True,
        "service": return_version_send_back,
    },
    "restore": {
        "statuses": (V.SUPERSEDED,),
        "title": "Make version {n} current again",
        "button": "Make it current again",
        "reason_label": "Why should this version count again?",
        "reason_hint": "The provider is emailed this reason.",
        "required": True,
        "service": return_version_restore,
    },
}


def _version(request, provider, area, period, number):
    provider, area, period = provider_area_period(request.user, provider, area, period)
    check(request.user, Permission.RETURN_VIEW, provider=provider, area=area)
    record = return_for(request.user, provider, area, period)
    if record is None:
        raise Http404("No such return.")
    version = get_object_or_404(
        record.versions.select_related("submitted_by", "decided_by", "replaced"), number=number
    )
    return provider, area, period, record, version


def decisions_for(user, version, record) -> list[str]:
    if not has_permission(user, Permission.RETURN_ACCEPT, area=record.area):
        return []
    allowed = [d for d, spec in DECISIONS.items() if version.status in spec["statuses"]]
    if version.status == V.CURRENT and version.decision == ReturnVersion.Decision.ACCEPTED:
        allowed = [d for d in allowed if d != "accept"]
    return allowed


@requires(Permission.RETURN_VIEW)
def version(request, provider, area, period, number):
    provider, area, period, record, version = _version(request, provider, area, period, number)
    current = record.current_version
    base = current if current and current.pk != version.pk else version.replaced
    comparison = compare.sections(
        compare.of_version(base) if base else None, compare.of_version(version)
    )
    return render(
        request,
        "returns/version.html",
        {
            "page_title": f"Version {version.number}: {provider}, {area}, {period}",
            "provider": provider,
            "area": area,
            "period": period,
            "record": record,
            "version": version,
            "comparison": comparison,
            "old_label": f"Version {base.number}" if base else "Before",
            "new_label": f"Version {version.number}",
            "decisions": decisions_for(request.user, version, record),
            "statuses": V,
            "mapping_used": [rule_words(r) for r in version.mapping_used],
        },
    )


@requires(Permission.RETURN_ACCEPT)
def version_decide(request, provider, area, period, number, decision):
    spec = DECISIONS.get(decision)
    if spec is None:
        raise Http404("No such decision.")
    provider, area, period, record, version = _version(request, provider, area, period, number)
    check(request.user, Permission.RETURN_ACCEPT, area=area)
    form = DecisionForm(
        posted(request),
        reason_label=spec["reason_label"],
        reason_hint=spec["reason_hint"],
        required=spec["required"],
    )
    if decision not in decisions_for(request.user, version, record):
        form.add_error(
            None,
            f"Version {version.number} is {version.get_status_display().lower()}, so it cannot "
            "be changed in this way.",
        )
    elif request.method == "POST" and form.is_valid():
        try:
            spec["service"](version=version, by=request.user, reason=form.cleaned_data["reason"])
        except DecisionRefused as refused:
            form.add_error("reason", str(refused))
        else:
            messages.success(request, _done(decision, version))
            return redirect(
                "returns:version", provider.slug, area.slug, period.code, version.number
            )
    current = record.current_version
    return render(
        request,
        "returns/decision.html",
        {
            "page_title": spec["title"].format(n=version.number),
            "provider": provider,
            "area": area,
            "period": period,
            "record": record,
            "version": version,
            "current": current,
            "decision": decision,
            "spec": spec,
            "form": form,
            "statuses": V,
        },
        status=400 if form.errors else 200,
    )


def _done(decision: str, version) -> str:
    if decision == "accept":
        return f"Version {version.number} is accepted and counts."
    if decision == "return":
        return f"Version {version.number} is returned to the provider, who has been emailed."
    return f"Version {version.number} counts again. The provider has been emailed."

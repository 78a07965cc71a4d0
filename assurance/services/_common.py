"""What every assurance service shares: the permission check and text cleaning."""

from accounts.authorization import Permission, has_permission
from assurance.workflow import NotPermitted, Refused  # noqa: F401  (re-exported)


def require(by, *permissions: Permission, area=None, provider=None) -> None:
    """Raise NotPermitted unless `by` holds one of `permissions` for this area/provider."""
    if not any(has_permission(by, p, area=area, provider=provider) for p in permissions):
        raise NotPermitted("Your role may not do this for this area.")


def clean_text(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Refused(f"Enter {what}.")
    return value

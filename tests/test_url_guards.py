"""Every URL of Reach says who may reach it (core/access.py), or is on this allow-list.

A new view without `public`, `signed_in` or `requires(...)` fails here, naming the view.
"""

from django.urls import URLPattern, URLResolver, get_resolver

# Views guarded by their own framework: the management site checks ORGANISATIONS_MANAGE
# (core/admin_site.py) and API views declare DRF permission classes (checked below).
FRAMEWORK_GUARDED_PREFIXES = ("manage/",)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_view_declares_who_may_reach_it():
    unguarded = []
    for route, view in _walk(get_resolver().url_patterns):
        if route.startswith(FRAMEWORK_GUARDED_PREFIXES):
            continue
        view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
        if view_class is not None and hasattr(view_class, "permission_classes"):
            # Django REST framework: must not rely on the global default silently.
            if not view_class.permission_classes:
                unguarded.append(f"{route} ({view_class.__name__}: no permission_classes)")
            continue
        if not getattr(view, "reach_access", None):
            unguarded.append(
                f"{route} ({getattr(view, '__module__', '?')}.{getattr(view, '__name__', view)})"
            )
    assert not unguarded, "Views without an access decorator:\n" + "\n".join(unguarded)

"""Reach's URLs: one include per app."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from core.admin_site import site as admin_site

urlpatterns = [
    path("account/", include("accounts.urls")),
    path("figures/", include("monitoring.urls")),
    path("standards/", include("assurance.urls")),
    path("returns/", include("returns.urls")),
    path("reports/", include("reports.urls")),
    path("services/", include("organisations.urls")),
    path("api/", include("api.urls")),
    path("manage/", admin_site.urls),
    path("library/", include("library.urls")),
    path("publishing/", include("publication.staff_urls")),
]

# Pages for the public, in English and in Welsh under /cy/ (docs/public-face.md).
urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("", include("public.urls")),
    path("published/", include("publication.urls")),
    prefix_default_language=False,
)

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

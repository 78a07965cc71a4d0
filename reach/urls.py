"""Reach's URLs: one include per app."""

from django.urls import include, path

from core.admin_site import site as admin_site

urlpatterns = [
    path("", include("core.urls")),
    path("account/", include("accounts.urls")),
    path("figures/", include("monitoring.urls")),
    path("standards/", include("assurance.urls")),
    path("returns/", include("returns.urls")),
    path("reports/", include("reports.urls")),
    path("services/", include("organisations.urls")),
    path("api/", include("api.urls")),
    path("manage/", admin_site.urls),
]

"""Reach's URLs: one include per app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("account/", include("accounts.urls")),
    path("manage/", admin.site.urls),
]

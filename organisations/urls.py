from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.provider_list, name="provider-list"),
    path("register/<slug:area>/", views.provider_new, name="provider-new"),
    path("areas/<slug:area>/languages/", views.language_coverage, name="language-coverage"),
    path("<slug:slug>/", views.provider_detail, name="provider-detail"),
    path("<slug:slug>/edit/", views.provider_edit, name="provider-edit"),
]

"""Transparency reports for the public, under /published/ (and /cy/published/ in Welsh)."""

from django.urls import path

from publication import views

app_name = "publication"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<slug:slug>/", views.report_detail, name="report"),
    path("<slug:slug>/pdf/", views.report_pdf, name="report-pdf"),
]

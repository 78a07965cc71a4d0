"""Transparency reports for the public, under /published/ (and /cy/published/ in Welsh)."""

from django.urls import path

from publication import downloads, views

app_name = "publication"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<slug:slug>/", views.report_detail, name="report"),
    path("<slug:slug>/pdf/", downloads.report_pdf, name="report-pdf"),
    # Open data (publication/downloads.py)
    path("<slug:slug>/data/<slug:table>.csv", downloads.report_csv, name="report-csv"),
    path("<slug:slug>/data/csv-metadata.json", downloads.report_csvw, name="report-csvw"),
    path("<slug:slug>/data.xlsx", downloads.report_xlsx, name="report-xlsx"),
    path("<slug:slug>/data.ods", downloads.report_ods, name="report-ods"),
]

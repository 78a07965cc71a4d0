from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "The bi-annual return as a document (XLSX, ODS, PDF)"

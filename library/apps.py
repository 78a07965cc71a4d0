from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Good-practice library: case studies tagged by Quality Standard"

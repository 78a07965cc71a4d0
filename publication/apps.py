from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = "Transparency reports: what each area publishes about the Quality Standards"

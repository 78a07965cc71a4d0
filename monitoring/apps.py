from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Area monitoring: representation, outcomes and trends"

    def ready(self) -> None:
        from monitoring.cache import watch_reference

        watch_reference()

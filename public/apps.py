from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "The public face: find support, key messages, the police script, good practice"

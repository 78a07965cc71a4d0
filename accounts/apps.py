from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, their memberships and roles, and access scoping"

    def ready(self):
        from accounts import signals  # noqa: F401  (connects the audit of signing in)

from django.apps import AppConfig


class Config(AppConfig):
    name = "wuse.audit"
    label = "audit"

    def ready(self) -> None:
        from . import receivers  # noqa: F401

from django.apps import AppConfig


class KernelAppConfig(AppConfig):
    name = "tests.kernel_app"
    label = "kernel_app"

    def ready(self) -> None:
        from . import access  # noqa: F401  (the ticket actions and the watchers' reach)

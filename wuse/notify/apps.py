from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "wuse.notify"
    label = "notify"
    verbose_name = _("Reminders and notifications")

    def ready(self) -> None:
        from . import access  # noqa: F401

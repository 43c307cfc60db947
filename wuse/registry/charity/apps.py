from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "wuse.registry.charity"
    label = "charity"
    verbose_name = _("Charitable resources")

    def ready(self) -> None:
        from . import access  # noqa: F401  (declares the charity actions in the policy table)

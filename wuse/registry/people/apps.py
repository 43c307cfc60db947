from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "wuse.registry.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from . import access  # noqa: F401  (declares the person actions in the policy table)

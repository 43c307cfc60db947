from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "wuse.registry.organizations"
    label = "organizations"
    verbose_name = _("Social organizations")

    def ready(self) -> None:
        from . import access  # noqa: F401  (declares the organization actions in the policy table)

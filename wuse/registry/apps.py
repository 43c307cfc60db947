from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The hub of the five-society registry (its parts are apps of their own) and the linkage summary."""

    name = "wuse.registry"
    label = "registry"
    verbose_name = _("Five societies")

    def ready(self) -> None:
        from wuse.core.shell import register_nav

        from .hub import register_section

        register_nav(order=40, label=_("Five-society registry"), url_name="registry:home", action="organization.view")
        register_section(order=90, label=_("Linkage summary"),
                         description=_("Organizations, social workers, volunteers, hours and charitable "
                                       "resources per unit and year."),
                         url_name="registry:linkage", action="organization.view")

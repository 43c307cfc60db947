from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CobuildConfig(AppConfig):
    name = "projects.cobuild"
    label = "cobuild"
    verbose_name = _("Co-building list")

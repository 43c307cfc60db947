from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VentureConfig(AppConfig):
    name = "projects.venture"
    label = "venture"
    verbose_name = _("Charity venture rounds")

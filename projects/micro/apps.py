from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicroConfig(AppConfig):
    name = "projects.micro"
    label = "micro"
    verbose_name = _("Livelihood micro-projects")

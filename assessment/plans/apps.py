from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "assessment.plans"
    label = "assessment_plans"
    verbose_name = _("Assessment plans")

    def ready(self) -> None:
        pass

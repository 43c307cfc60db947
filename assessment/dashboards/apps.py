from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "assessment.dashboards"
    label = "assessment_dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        pass

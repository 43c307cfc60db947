from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "assessment.reports"
    label = "assessment_reports"
    verbose_name = _("Yearly reports")

    def ready(self) -> None:
        pass

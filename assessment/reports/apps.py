from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "assessment.reports"
    label = "assessment_reports"
    verbose_name = _("Yearly reports")

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.http import urlencode

        from assessment.links import register_unit_link
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        # access declares report.export; sections the built-in ones (the summary, one per indicator group), scores
        # the scores and ranks of the assessment plan
        from . import access, scores, sections  # noqa: F401
        from .demo import load_reports_demo
        from .jobs import register_report_job

        register_nav(order=31, label=_("Yearly report"), url_name="reports:new", action="report.export", more=True)
        register_report_job()
        # After the assessment's demo (70), which rolls last year up: the report reads that snapshot.
        register_demo(order=75, loader=load_reports_demo)
        # A unit's assessment page links the form that makes its yearly report.
        register_unit_link(order=30, label=_("Yearly report"), action="report.export",
                           url=lambda unit, year: reverse("reports:new") + "?" + urlencode(
                               {"unit": unit.code, "year": year}))

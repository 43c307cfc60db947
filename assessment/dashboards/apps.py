from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "assessment.dashboards"
    label = "assessment_dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from django.urls import reverse

        from assessment.links import register_unit_link
        from assessment.services import register_after_rollup
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares dashboard.view)
        from .services import write_trends

        # Under "More", beside the annual assessment: the main bar keeps one line at 1,200 px.
        register_nav(order=27, label=_("Dashboard"), url_name="dashboard:home", action="dashboard.view", more=True)
        # The monthly trends are written in every roll-up's transaction, from the same data as the snapshot.
        register_after_rollup(write_trends)
        # A unit's assessment page links its dashboard.
        register_unit_link(order=10, label=_("Dashboard"), action="dashboard.view",
                           url=lambda unit, year: f"{reverse('dashboard:unit', args=[unit.code])}?year={year}")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "assessment.plans"
    label = "assessment_plans"
    verbose_name = _("Assessment plans")

    def ready(self) -> None:
        from django.urls import reverse

        from assessment.links import register_unit_link
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the plans' actions)
        from .demo import load_plans_demo

        register_nav(order=29, label=_("Assessment plans"), url_name="plans:list", action="plan.view", more=True)
        # After the assessment's snapshots (70): the demo's scores read them.
        register_demo(order=71, loader=load_plans_demo)
        # A unit's assessment page links the scores and ranks of the units below it.
        register_unit_link(order=20, label=_("Scores and ranks"), action="plan.view",
                           url=lambda unit, year: f"{reverse('plans:scores', args=[unit.code])}?year={year}")

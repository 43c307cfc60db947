from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    label = "assessment"
    verbose_name = _("Annual assessment")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the assessment's actions)
        from .demo import load_assessment_demo
        from .history import load_history_demo
        from .jobs import register_rollup_job

        # Under "More": the bar of a community worker (the longest) keeps one line at 1,200 px.
        register_nav(order=28, label=_("Annual assessment"), url_name="assessment:home", action="assessment.view",
                     more=True)
        register_rollup_job()
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)
        # After every step's demo records (evaluation's 62/63): the snapshot counts them.
        # A year and a half of needs and projects across the city, after every step's records (demo history).
        register_demo(order=65, loader=load_history_demo)
        register_demo(order=70, loader=load_assessment_demo)

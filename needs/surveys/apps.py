from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "needs.surveys"
    label = "surveys"
    verbose_name = _("Needs surveys")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the survey actions and the street campaigns' reach)
        from .demo import load_surveys_demo

        register_demo(order=20, loader=load_surveys_demo)
        register_nav(order=20, label=_("Surveys"), url_name="surveys:list", action="survey.view", more=True)
        from .home import register as register_home

        register_home()  # queues and shortcuts on the home page (wuse.core.home)

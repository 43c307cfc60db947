from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MicroConfig(AppConfig):
    name = "projects.micro"
    label = "micro"
    verbose_name = _("Livelihood micro-projects")

    def ready(self) -> None:
        from projects.origins import register_origin
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access, workflow  # noqa: F401 — registers the policy and the processes
        from .demo import load_micro_demo
        from .home import register as register_home
        from .origins import resolve
        from .reminders import register as register_reminders

        register_origin("micro", resolve)
        register_nav(order=28, label=_("Micro-projects"), url_name="micro:list", action="micro_round.view",
                     more=True)
        register_home()
        register_reminders()
        register_demo(order=68, loader=load_micro_demo)

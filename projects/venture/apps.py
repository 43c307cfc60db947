from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VentureConfig(AppConfig):
    name = "projects.venture"
    label = "venture"
    verbose_name = _("Charity venture rounds")

    def ready(self) -> None:
        from projects.origins import register_origin
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the rounds' rows and reaches)
        from .demo import load_venture_demo
        from .home import register as register_home
        from .models import Application
        from .origins import resolve
        from .reminders import register as register_reminders

        register_origin("venture", resolve)
        # The officers by the table; organization members and panel members through the applications' reach.
        register_nav(order=26, label=_("Venture rounds"), url_name="venture:list", action="venture_application.view",
                     more=True, model=Application)
        register_home()
        register_reminders()
        register_demo(order=66, loader=load_venture_demo)

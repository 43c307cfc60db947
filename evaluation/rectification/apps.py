from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "evaluation.rectification"
    label = "rectification"
    verbose_name = _("Rectifications")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the rectification actions and the owner's reach)
        from .demo import load_rectification_demo
        from .figures import register as register_figures
        from .home import register as register_home
        from .tabs import register as register_tabs

        register_nav(order=26, label=_("Rectifications"), url_name="rectification:list", action="rectification.view",
                     more=True)
        register_home()
        register_tabs()
        register_figures()
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)
        # After the evaluation's demo (62): its template for the demo year exists by then.
        register_demo(order=63, loader=load_rectification_demo)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "projects.delivery"
    label = "delivery"
    verbose_name = _("Project delivery")

    def ready(self) -> None:
        from wuse.core.demo import register_demo

        from . import access  # noqa: F401  (declares the budget adjustment's approval)
        from .demo import load_delivery_demo
        from .figures import register as register_figures
        from .home import register as register_home
        from .tabs import register as register_tabs

        register_tabs()
        register_figures()
        register_home()
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)
        register_demo(order=59, loader=load_delivery_demo)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "projects.calls"
    label = "calls"
    verbose_name = _("Open calls")

    def ready(self) -> None:
        from projects.origins import register_origin
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access, home, reminders  # noqa: F401 — access declares the calls' rows
        from .demo import load_calls_demo
        from .origins import resolve

        register_origin("open_call", resolve)
        register_nav(order=27, label=_("Open calls"), url_name="calls:list", action="call.view", more=True)
        home.register()
        reminders.register()
        register_demo(order=69, loader=load_calls_demo)

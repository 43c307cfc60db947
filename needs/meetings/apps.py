from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "needs.meetings"
    label = "meetings"
    verbose_name = _("Resident meetings")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the meeting actions in the policy table)
        from .demo import load_meetings_demo

        register_demo(order=30, loader=load_meetings_demo)
        register_nav(order=30, label=_("Meetings"), url_name="meetings:list", action="meeting.view", more=True)
        from .home import register as register_home

        register_home()  # queues and shortcuts on the home page (wuse.core.home)

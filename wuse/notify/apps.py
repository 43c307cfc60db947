from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "wuse.notify"
    label = "notify"
    verbose_name = _("Reminders and notifications")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access, tasks  # noqa: F401  (tasks: registered, so a publish by name runs eagerly in tests)
        from .demo import load_notify_demo
        from .selectors import warm_unread

        register_demo(order=90, loader=load_notify_demo)  # after every step's records: the sweep over them

        # the header's unread count, counted afresh at sign-in (the first page reads it from the cache)
        user_logged_in.connect(warm_unread, dispatch_uid="wuse.notify.warm_unread")

        # 通知中心: everyone signed in has one; the bell in the header is its main entry, so it sits under "More".
        register_nav(order=96, label=_("Notifications"), url_name="notify:list", action=None, more=True)
        register_nav(order=97, label=_("Reminder rules"), url_name="notify:rules", action="notify.rules", more=True)
        register_nav(order=98, label=_("Send log"), url_name="notify:log", action="notify.log", more=True)

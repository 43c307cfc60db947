from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "wuse.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (the owner's reach on their jobs)

        # 我的导出: everyone signed in may have started a job (an import, an export, a report); under "More".
        register_nav(order=95, label=_("My exports"), url_name="jobs:list", action=None, more=True)

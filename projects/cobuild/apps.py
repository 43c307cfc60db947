from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CobuildConfig(AppConfig):
    name = "projects.cobuild"
    label = "cobuild"
    verbose_name = _("Co-building list")

    def ready(self) -> None:
        from projects.origins import register_origin
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import access  # noqa: F401  (declares the co-building actions)
        from .demo import load_cobuild_demo
        from .home import register as register_home
        from .origin import resolve
        from .reminders import register as register_reminders

        register_origin("co_build", resolve)
        register_nav(order=27, label=_("Co-building lists"), url_name="cobuild:list", action="cobuild.view",
                     more=True)
        register_home()
        register_reminders()
        register_demo(order=67, loader=load_cobuild_demo)

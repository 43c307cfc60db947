from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "wuse.ledger"
    label = "ledger"
    verbose_name = _("Time bank and charity points")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav
        from wuse.registry.hub import register_section

        from . import access  # noqa: F401  (declares the ledger actions in the policy table)
        from .demo import load_ledger_demo

        register_demo(order=45, loader=load_ledger_demo)
        from .figures import register as register_figures

        register_figures()
        register_nav(order=42, label=_("Time bank & points"), url_name="ledger:schemes", action="scheme.view",
                     more=True)
        register_nav(order=45, label=_("My points"), url_name="ledger:me", action="ledger.self")
        from .home import register as register_home

        register_home()  # queues and shortcuts on the home page (wuse.core.home)
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)
        from .demo import load_ledger_requests_demo

        register_demo(order=55, loader=load_ledger_requests_demo)  # after the volunteers' demo credits
        register_section(order=60, label=_("Time bank and points"),
                         description=_("Schemes, accounts and statements of the time bank and the charity "
                                       "points; adjustments awaiting approval."),
                         url_name="ledger:schemes", action="scheme.view")
        register_section(order=65, label=_("Redemption shop"),
                         description=_("Items and services residents redeem with their hours or points, and the "
                                       "orders awaiting hand-over."),
                         url_name="ledger:shop", action="catalogue_item.view")

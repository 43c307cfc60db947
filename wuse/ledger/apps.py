from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "wuse.ledger"
    label = "ledger"
    verbose_name = _("Time bank and charity points")

    def ready(self) -> None:
        from . import access  # noqa: F401  (declares the ledger actions in the policy table)

"""The ledger pages' tabs: schemes, shop, orders, adjustments — those the user may open."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wuse.access import api as access
from wuse.ledger.wording import plain

register = template.Library()

TABS = [
    ("ledger:schemes", _("Schemes"), "scheme.view"),
    ("ledger:shop", _("Redemption shop"), "catalogue_item.view"),
    ("ledger:orders", _("Redemption orders"), "redemption.view"),
    ("ledger:adjustments", _("Adjustments"), "ledger_adjustment.view"),
]


@register.inclusion_tag("ledger/_tabs.html", takes_context=True)
def ledger_tabs(context, current: str = ""):
    user = context["request"].user
    return {"tabs": [{"label": label, "url": reverse(name), "active": name == current}
                     for name, label, action in TABS if access.has_action(user, action)]}


@register.filter
def amount(value):
    """An amount without trailing zeros, grouped (1, 1.5, 1,500); signed amounts keep their minus sign: the
    core's ``quantity`` format (``wuse.core.numbers``), the same as ``{{ value|quantity }}``."""
    return plain(value)

"""The co-building reminder rule (``wuse.notify``): a pledge of a published list not fulfilled whose period ends
soon."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

from .workflow import PUBLISHED

GROUP = _("Projects")


def unfulfilled():
    from .models import Pledge

    return Pledge.objects.filter(cobuild_list__status=PUBLISHED, delivered__lt=F("quantity")).annotate(
        label=Concat("cobuild_list__title", Value(" · "), "description", output_field=CharField()))


def register() -> None:
    register_rule(Rule(
        key="cobuild.pledge_ending", group=GROUP, order=67, label=_("Co-building pledge ending, not fulfilled"),
        help=_("A pledge of a published co-building list, not fully delivered, whose period is ending."),
        pending=unfulfilled, anchor="ends_on", before=True, days=14, days_help=_("days before the pledge ends"),
        escalate=(None, None), unit="region_id", action="cobuild.change", title="label",
        link=("cobuild:pledge", "pk"),
    ))

"""The needs step's reminder rules (``wuse.notify``): what is due, for whom, from which date."""

from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

from .workflow import OPEN_STATES, SUBMITTED

GROUP = _("Needs")


def register() -> None:
    from .models import Need

    register_rule(Rule(
        key="needs.untriaged", group=GROUP, order=10, label=_("Need not triaged"),
        help=_("A need registered and not yet verified, merged or rejected."),
        pending=lambda: Need.objects.filter(status=SUBMITTED),
        anchor="created_at", days=3, days_help=_("days after registration"),
        unit="community_id", action="need.verify", title="title", link=("needs:detail", "pk"),
    ))
    register_rule(Rule(
        key="needs.answer_overdue", group=GROUP, order=11, label=_("Need past its answer-by date"),
        help=_("An open need whose answer-by date has passed."),
        pending=lambda: Need.objects.filter(status__in=OPEN_STATES, response_deadline__isnull=False),
        anchor="response_deadline", days=1, days_help=_("days after the answer-by date"),
        unit="community_id", action="need.verify", title="title", link=("needs:detail", "pk"),
    ))

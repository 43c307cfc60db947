"""The micro-project reminder rule (``wuse.notify``): a vote whose planned end is near or past and still open."""

from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

from .workflow import VOTING

GROUP = _("Projects")


def open_votes():
    from .models import Round

    return Round.objects.filter(status=VOTING, vote_closes__isnull=False)


def register() -> None:
    register_rule(Rule(
        key="micro.vote_closing", group=GROUP, order=68, label=_("Micro-project vote ending"),
        help=_("A micro-project round whose vote is planned to end: close it and confirm the winners."),
        pending=open_votes, anchor="vote_closes", before=True, days=1, days_help=_("days before the vote ends"),
        escalate=(None, None), unit="region_id", action="micro.run", title="title",
        link=("micro:detail", "pk"),
    ))

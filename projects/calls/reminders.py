"""Open calls' reminder rules (``wuse.notify``): the deadline for bids passed and the poster has not closed the
shortlist, or has shortlisted and not selected a bid, after N days. The units are reminded of their own calls only
(a call for partners is its organization's business)."""

from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

from .workflow import POSTED, SHORTLISTED

GROUP = _("Open calls")


def _calls(state):
    from .models import Call

    return Call.objects.filter(status=state, poster_organization=None)


def register() -> None:
    register_rule(Rule(
        key="calls.shortlist_pending", group=GROUP, order=69, label=_("Open call not shortlisted after the deadline"),
        help=_("The deadline for bids has passed and the poster has not closed the shortlist."),
        pending=lambda: _calls(POSTED), anchor="deadline", days=5, days_help=_("days after the deadline for bids"),
        escalate=(None, None), unit="region_id", action="call.manage", title="title", link=("calls:detail", "pk"),
    ))
    register_rule(Rule(
        key="calls.selection_pending", group=GROUP, order=70, label=_("Open call shortlisted but no bid selected"),
        help=_("The shortlist is closed and no bid has been selected (挂帅) yet."),
        pending=lambda: _calls(SHORTLISTED), anchor="deadline", days=10,
        days_help=_("days after the deadline for bids"), escalate=(None, None), unit="region_id",
        action="call.manage", title="title", link=("calls:detail", "pk"),
    ))

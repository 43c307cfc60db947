"""What open calls put on the home page: calls to shortlist or select (posters), open calls (organization
members)."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors
from .workflow import POSTED, SHORTLISTED


def register() -> None:
    register_home_queue(order=69, label=_("Open calls to select a bid for"), url_name="calls:list",
                        query={"status": SHORTLISTED}, action="call.manage",
                        count=lambda user: selectors.waiting_for_poster(user).filter(status=SHORTLISTED).count(),
                        hint=_("Shortlist closed: select the winning bid (挂帅)."))
    register_home_queue(order=70, label=_("Open calls to shortlist"), url_name="calls:list",
                        query={"status": POSTED}, action="call.manage",
                        count=lambda user: selectors.waiting_for_poster(user).filter(status=POSTED).count(),
                        hint=_("Decide on the bids and close the shortlist after the deadline."))
    register_home_queue(order=71, label=_("Open calls to bid for"), url_name="calls:list",
                        query={"status": POSTED}, action="call.bid",
                        count=lambda user: selectors.open_for_members(user).count(),
                        hint=_("Calls open for bids in your area: bid (揭榜) for your organization."))
    register_home_queue(order=72, label=_("Your calls for partners"), url_name="calls:list",
                        query={"kind": "partners"}, action="call.bid",
                        count=lambda user: selectors.partner_calls_to_decide(user).count(),
                        hint=_("Decide on the answers to your organization's calls for partners."))

"""What the needs step puts on the home page (工作台): its queues, each counted the way the linked list counts
(its selector, or the summary its state counts come from) so that the list shows exactly what was counted,
and its usual first actions."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue, register_home_shortcut

from . import counts, selectors
from .lists import DRAFT, IN_REVIEW
from .workflow import SUBMITTED, VERIFIED


def count_needs(user, **filters) -> int:
    return selectors.needs_for_user(user, selectors.NeedFilters(**filters)).count()


def count_in_state(user, status: str) -> int:
    """From the summary the list's own counts come from (``needs.counts``): no scan of the needs."""
    return counts.scope_counts(user).by_status.get(status, 0)


def count_lists(user, status: str) -> int:
    return selectors.needs_lists_for_user(user, status).count()


def register() -> None:
    register_home_queue(order=10, label=_("Needs to verify"), url_name="needs:list", query={"status": SUBMITTED},
                        action="need.verify", count=lambda user: count_in_state(user, SUBMITTED),
                        hint=_("Registered, not yet verified."))
    register_home_queue(order=11, label=_("Overdue needs"), url_name="needs:list", query={"overdue": "1"},
                        action="need.view", count=lambda user: count_needs(user, overdue=True), tone="danger",
                        hint=_("Past their answer-by date and still open."))
    register_home_queue(order=12, label=_("Verified needs awaiting a decision"), url_name="needs:list",
                        query={"status": VERIFIED}, action="need.list",
                        count=lambda user: count_in_state(user, VERIFIED),
                        hint=_("Add to the needs list, refer or resolve."))
    register_home_queue(order=15, label=_("Needs lists to review"), url_name="needs:lists",
                        query={"status": IN_REVIEW}, action="needs_list.approve",
                        count=lambda user: count_lists(user, IN_REVIEW),
                        hint=_("Submitted by the communities: approve and publish, or return."))
    register_home_queue(order=16, label=_("Needs lists in draft"), url_name="needs:lists", query={"status": DRAFT},
                        action="needs_list.submit", count=lambda user: count_lists(user, DRAFT),
                        hint=_("New or returned by the street: complete and submit."))
    register_home_shortcut(order=10, label=_("Register a need"), url_name="needs:create", action="need.create")

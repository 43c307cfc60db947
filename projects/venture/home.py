"""What the venture rounds put on the home page (工作台): applications waiting for the formal check (the
round's runners) and applications of the user's panels still to score (the reviewers), each counted with the
list's own selector, linked to that list."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors
from .access import panel_round_ids


def _to_score(user) -> int | None:
    """None for a user on no panel: the queue is left off their home page rather than shown empty."""
    return selectors.to_score(user).count() if panel_round_ids(user) else None


def register() -> None:
    register_home_queue(order=66, label=_("Venture applications to check"), url_name="venture:queue",
                        query={"todo": "check"}, action="venture_round.manage",
                        count=lambda user: selectors.to_check(user).count(),
                        hint=_("Submitted to a round you run: pass or fail the formal check."))
    register_home_queue(order=65, label=_("Venture applications to score"), url_name="venture:queue",
                        query={"todo": "score"}, action="venture_application.score",
                        count=_to_score,
                        hint=_("Your panel's applications in review that you have not scored yet."))

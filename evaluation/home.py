"""What the evaluation step puts on the home page (工作台): the user's own parts still to score and submit,
counted with the "waiting for me" list's own selector."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors
from .workflow import SUBMITTED


def register() -> None:
    register_home_queue(order=40, label=_("Evaluations waiting for me"), url_name="evaluation:waiting",
                        action="evaluation.score", count=lambda user: selectors.waiting_for_me(user).count(),
                        hint=_("Declare no conflict of interest, score every sub-indicator and submit."))
    register_home_queue(order=41, label=_("Evaluations to close"), url_name="evaluation:list",
                        query={"status": SUBMITTED}, action="evaluation.close",
                        count=lambda user: selectors.evaluations(user).filter(status=SUBMITTED).count(),
                        hint=_("Every evaluator has submitted: review the scores, close or send back."))

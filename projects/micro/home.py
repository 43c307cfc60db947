"""What 民生微实事 puts on the home page (工作台): rounds waiting for the community — the council to decide, the
vote to close, winners to confirm."""

from django.utils.translation import gettext_lazy as _

from wuse.core.home import register_home_queue

from . import selectors


def register() -> None:
    register_home_queue(order=68, label=_("Micro-project rounds waiting for me"), url_name="micro:list",
                        query={"waiting": "1"}, action="micro.run",
                        count=lambda user: selectors.waiting_rounds(user).count(), tone="primary",
                        hint=_("Proposals for the council to decide, votes past their end, winners to confirm."))

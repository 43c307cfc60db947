from django.db.models import Exists, OuterRef

from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role

from .models import Ticket, Watcher

register({
    "ticket.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
    "ticket.submit": {Role.COMMUNITY_STAFF: Scope.SUBTREE},
    "ticket.approve": {Role.COMMUNITY_STAFF: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE},
    "ticket.return": {Role.STREET_OFFICER: Scope.SUBTREE},
})


def _watching(user, action):
    rows = Watcher.objects.filter(user=user, ticket=OuterRef("pk"))
    if action == "ticket.submit":
        rows = rows.filter(may_submit=True)
    return Exists(rows)


register_reach(Ticket, actions={"ticket.view", "ticket.submit"}, condition=_watching,
               holds=lambda user, action: Watcher.objects.filter(user=user).exists())

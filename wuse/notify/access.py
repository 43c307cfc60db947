"""Who may do what with reminders: a user reads only their own notifications (reach on the owner, no role
row); the city admin edits the rules for the installation and a district reviewer tightens them for the
district; the system administrator reads the send log."""

from django.db.models import Q

from wuse.access.policy import Scope, register, register_reach
from wuse.accounts.roles import Role

from .models import Notification

register({
    "notification.view": {},
    "notify.rules": {Role.CITY_ADMIN: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE},
    "notify.log": {Role.SYSTEM_ADMIN: Scope.GLOBAL},
})
register_reach(Notification, actions={"notification.view"}, condition=lambda user, action: Q(user=user))

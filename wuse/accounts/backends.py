"""The sign-in backend: Django's ``ModelBackend``, whose per-request user lookup also reads the user's role
memberships (with their units) in the same query — every signed-in page asks the access layer for them, so
they were a second query on every request — and whether the user holds any django-guardian object grant at all
(only third-party evaluators do): without one, no list looks the grants up (a query on every page before)."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from wuse.access.api import remember_membership_rows


class MembershipsModelBackend(ModelBackend):
    def get_user(self, user_id):
        from .models import Membership

        from guardian.models import GroupObjectPermission, UserObjectPermission

        rows = list(Membership.objects.filter(user_id=user_id).select_related("user", "region")
                    .annotate(holds_grants=Exists(UserObjectPermission.objects.filter(user_id=OuterRef("user_id")))
                              | Exists(GroupObjectPermission.objects.filter(group__user=OuterRef("user_id"))))
                    .order_by("region__code", "role"))
        if not rows:  # no role anywhere (a system account): the user alone, and nothing to remember
            user = super().get_user(user_id)
            if user is not None:
                remember_membership_rows(user, ())
            return user
        user = rows[0].user
        if not self.user_can_authenticate(user):
            return None
        for row in rows:
            row.user = user  # one user object, the request's
        remember_membership_rows(user, tuple(rows), holds_object_grants=rows[0].holds_grants)
        return user

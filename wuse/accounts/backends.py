"""The sign-in backend: Django's ``ModelBackend``, whose per-request user lookup also reads the user's role
memberships (with their units) in the same query — every signed-in page asks the access layer for them, so
they were a second query on every request — and whether the user holds any django-guardian object grant at all
(only third-party evaluators do): without one, no list looks the grants up (a query on every page before)."""

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from wuse.access.api import remember_membership_rows


class MembershipsModelBackend(ModelBackend):
    def get_user(self, user_id):
        from .models import Membership

        rows = list(Membership.objects.filter(user_id=user_id).select_related("user", "region")
                    .annotate(holds_grants=RawSQL(_holds_grants_sql(), (), output_field=BooleanField()))  # noqa: S611
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


@cache
def _holds_grants_sql() -> str:
    """Whether the membership's user holds any guardian object grant, own or through a group: written once as SQL
    (the ORM's two ``Exists`` cost 1.1 ms to compile on every request, more than the lookup they save)."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from .models import Membership, User

    q = connection.ops.quote_name
    own, via, groups = (q(m._meta.db_table) for m in (UserObjectPermission, GroupObjectPermission,
                                                       User.groups.through))
    member, user_id, group_id = f"{q(Membership._meta.db_table)}.{q('user_id')}", q("user_id"), q("group_id")
    # Table and column names from the models' metadata, quoted; no value is ever put in this text.
    return (f"EXISTS (SELECT 1 FROM {own} WHERE {own}.{user_id} = {member}) OR EXISTS (SELECT 1 FROM {via} "  # noqa: S608
            f"JOIN {groups} ON {groups}.{group_id} = {via}.{group_id} WHERE {groups}.{user_id} = {member})")

"""The organization and social-worker rows in the role × action table, and the reach beyond it.

An organization registered by a district bureau (or filed with a street) belongs to that unit's
subtree like any record: ``SUBTREE`` in the table. Two rules reach further; they are declared here
with ``register_reach``, so ``wuse.access.api`` (``can``, ``scoped``, ``get_for_user``, ``has_action``
with the model) and the workflow kernel answer with them:

- **served units** (``organization.view`` only): a unit sees the organizations that serve it — a
  service area inside the user's scope, or a service area above one of the user's units (a
  street-wide service area reaches every community of the street, a district-wide one every
  street and community of the district);
- **members** (``OrganizationMember`` rows): every member sees their organization; members with
  the role *admin* also edit its profile (``organization.change``) and manage its members
  (``organization.members``). Status and rating stay with the registrars (the table alone:
  ``access.can(user, action, organization, with_reach=False)``).

``scoped`` stays one query without duplicates: the reach is ``EXISTS`` subqueries, never a join
that would repeat an organization once per service area.
"""

from django.db.models import Exists, OuterRef, Q

from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, Scope, register, register_reach
from wuse.accounts.roles import Role
from wuse.regions.levels import PREFIX_LENGTH

from .models import MemberRole, Organization, OrganizationMember, ServiceArea

_REGISTRARS = {Role.CITY_ADMIN: Scope.SUBTREE, Role.DISTRICT_REVIEWER: Scope.SUBTREE,
               Role.STREET_OFFICER: Scope.SUBTREE}
_LOCAL = {Role.DISTRICT_REVIEWER: Scope.SUBTREE, Role.STREET_OFFICER: Scope.SUBTREE,
          Role.COMMUNITY_STAFF: Scope.SUBTREE}

register(
    {
        "organization.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "organization.create": _REGISTRARS,
        "organization.change": _REGISTRARS,
        "organization.set_status": _REGISTRARS,
        "organization.members": _REGISTRARS,
        "organization.reveal_pii": _REGISTRARS,
        # The "My organization" page of organization members (the organizations come from their
        # OrganizationMember rows, not from the unit of the membership).
        "organization.own": {Role.ORG_MEMBER: Scope.SUBTREE},
        "social_worker.view": dict.fromkeys(GOVERNMENT, Scope.SUBTREE),
        "social_worker.create": _LOCAL,
        "social_worker.change": _LOCAL,
    },
)

# The actions the units an organization serves get on it.
SERVED_ACTIONS = frozenset({"organization.view"})
# The actions every member has on their organization, and those of its administrators.
MEMBER_ACTIONS = frozenset({"organization.view"})
ADMIN_ACTIONS = frozenset({"organization.view", "organization.change", "organization.members"})
# Only the registrars (the table): never extended to members or served units.
REGISTRAR_ONLY = frozenset({"organization.set_status", "organization.create", "organization.reveal_pii"})

_LEVEL_LENGTHS = sorted(PREFIX_LENGTH.values())


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def ancestor_codes(prefix: str) -> list[str]:
    """The codes of the units above the unit with ``prefix`` (computed from the code, no query)."""
    return [prefix[:length].ljust(12, "0") for length in _LEVEL_LENGTHS if length < len(prefix)]


def served_condition(user, action: str = "organization.view", *, field: str = "region") -> Q | None:
    """A condition on ``ServiceArea`` rows (``field``: the path to their unit) reaching the user's units:
    inside the user's scope for ``action``, or above one of the user's units. None when nothing reaches."""
    if action not in SERVED_ACTIONS or not _active(user):
        return None
    _global, prefixes = access.prefixes(user, action)
    if not prefixes:
        return None
    condition = Q()
    above: set[str] = set()
    for prefix in prefixes:
        condition |= Q(**{f"{field}__gte": prefix.ljust(12, "0"), f"{field}__lte": prefix.ljust(12, "9")})
        above.update(ancestor_codes(prefix))
    if above:
        condition |= Q(**{f"{field}__in": sorted(above)})
    return condition


def member_organization_ids(user) -> tuple[int, ...]:
    """The ids of the organizations ``user`` is a member of, read once per request (``access.per_user``): a
    reach on another model's organization column is then ``<column> IN (…)`` — or nothing at all for the
    government users who are members of none."""
    if not _active(user):
        return ()
    return access.per_user(user, "member_organizations", lambda: tuple(
        OrganizationMember.objects.filter(user=user).order_by("organization_id")
        .values_list("organization_id", flat=True)))


def member_rows(user, action: str):
    """The user's OrganizationMember rows that give ``action`` (None when no row could)."""
    if not _active(user) or action not in ADMIN_ACTIONS:
        return None
    rows = OrganizationMember.objects.filter(user=user)
    return rows if action in MEMBER_ACTIONS else rows.filter(role=MemberRole.ADMIN)


def reach(user, action: str) -> Q | None:
    """The reach beyond the table as a condition on organizations (served units, members), or None."""
    conditions = []
    served = served_condition(user, action)
    if served is not None:
        conditions.append(Exists(ServiceArea.objects.filter(served, organization=OuterRef("pk"))))
    rows = member_rows(user, action)
    if rows is not None:
        conditions.append(Exists(rows.filter(organization=OuterRef("pk"))))
    if not conditions:
        return None
    combined = Q(conditions[0])
    for condition in conditions[1:]:
        combined |= condition
    return combined


def holds_as_member(user, action: str) -> bool:
    """Whether a member row gives the user ``action`` on some organization (menus and buttons; served units
    hold ``organization.view`` through the table already)."""
    rows = member_rows(user, action)
    return rows is not None and rows.exists()


register_reach(Organization, actions=SERVED_ACTIONS | ADMIN_ACTIONS, condition=reach, holds=holds_as_member)

"""The organization and social-worker rows in the role × action table, and the reach beyond it.

An organization registered by a district bureau (or filed with a street) belongs to that unit's
subtree like any record: ``SUBTREE`` in the table. Two rules reach further, and every organization
view and selector asks the functions of this module (``can``, ``can_map``, ``scoped``,
``get_for_user``) instead of ``wuse.access`` directly:

- **served units** (``organization.view`` only): a unit sees the organizations that serve it — a
  service area inside the user's scope, or a service area above one of the user's units (a
  street-wide service area reaches every community of the street, a district-wide one every
  street and community of the district);
- **members** (``OrganizationMember`` rows): every member sees their organization; members with
  the role *admin* also edit its profile (``organization.change``) and manage its members
  (``organization.members``). Status and rating stay with the registrars (the table alone).

``scoped`` stays one query without duplicates: the extra reach is ``EXISTS`` subqueries, never a
join that would repeat an organization once per service area.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, Scope, register
from wuse.accounts.roles import Role
from wuse.regions.levels import PREFIX_LENGTH

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


def member_rows(user, action: str):
    """The user's OrganizationMember rows that give ``action`` (None when no row could)."""
    from .models import MemberRole, OrganizationMember

    if not _active(user) or action not in ADMIN_ACTIONS:
        return None
    rows = OrganizationMember.objects.filter(user=user)
    return rows if action in MEMBER_ACTIONS else rows.filter(role=MemberRole.ADMIN)


def reach(user, action: str, *, outer: str = "pk") -> Q | None:
    """The reach beyond the table as a condition on organizations (``outer``: the path to the
    organization's key, e.g. ``"employer"`` on social workers), or None."""
    from .models import ServiceArea

    conditions = []
    served = served_condition(user, action)
    if served is not None:
        conditions.append(Exists(ServiceArea.objects.filter(served, organization=OuterRef(outer))))
    rows = member_rows(user, action)
    if rows is not None:
        conditions.append(Exists(rows.filter(organization=OuterRef(outer))))
    if not conditions:
        return None
    combined = Q(conditions[0])
    for condition in conditions[1:]:
        combined |= condition
    return combined


def scoped(user, action: str, queryset: QuerySet) -> QuerySet:
    """``access.scoped`` on organizations, plus the units they serve and their own members (one query)."""
    own = access.scoped(user, action, queryset)
    extra = reach(user, action)
    return own | queryset.filter(extra) if extra is not None else own


def can(user, action: str, organization) -> bool:
    """``access.can`` on an organization, plus the reach of its service areas and of its members."""
    if access.can(user, action, organization):
        return True
    extra = reach(user, action)
    if extra is None:
        return False
    return type(organization)._default_manager.filter(extra, pk=organization.pk).exists()


def can_map(user, organization, actions: list[str]) -> dict[str, bool]:
    return {action.rsplit(".", 1)[-1]: can(user, action, organization) for action in actions}


def is_registrar(user, organization, action: str = "organization.change") -> bool:
    """Whether the user holds ``action`` through the table (a registrar), not only as a member."""
    return access.can(user, action, organization)


def has_action(user, action: str) -> bool:
    """Whether the user holds ``action`` anywhere, counting member rows (for menus and buttons)."""
    if access.has_action(user, action):
        return True
    rows = member_rows(user, action)
    return rows is not None and rows.exists()


def get_for_user(user, queryset, *, pk, action: str | None = None):
    """One organization the user may see (404 otherwise, like a missing one, audited), then ``action``
    checked (403)."""
    found = scoped(user, "organization.view", queryset).filter(pk=pk).first() if isinstance(pk, int) else None
    organization = found if found is not None else access.get_for_user(user, queryset, pk=pk)
    if action and action != "organization.view" and not can(user, action, organization):
        raise PermissionDenied
    return organization

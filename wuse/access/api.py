"""The access layer. Every view and every list goes through these functions.

- ``scoped(user, action, queryset)``: the rows the user may act on (lists, counts, exports).
- ``get_for_user(user, queryset, action=…, **lookup)``: one object, or 404 when the user
  may not see it (the same answer as a missing object), or 403 when they may see it but
  not perform ``action``.
- ``can(user, action, obj)`` and ``can_map``: booleans for services and templates.

Models declare where their unit lives with ``ACCESS_REGION_FIELD`` (a foreign key to
``Region``, e.g. ``"community"``, or a field holding a 12-digit division code) and their view action with
``ACCESS_KEY`` (``"need"`` → ``"need.view"``). The hierarchy is computed from the code
prefix; django-guardian's object-level grants are consulted only for the exceptions
declared in the policy, and model-level ("global") permissions never open rows. Rules
beyond the table are declared per model with ``wuse.access.policy.register_reach`` and are
part of every answer here (and so of the workflow kernel's): a step never wraps these
functions.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import post_migrate
from django.http import Http404

from wuse.accounts.roles import Role
from wuse.core.lookups import keys_in

from .policy import OBJECT_PERMS, Scope, grants, reaches

_CACHE_ATTR = "_wuse_memberships"
_ROWS_ATTR = "_wuse_membership_rows"
_GRANTS_ATTR = "_wuse_object_grants"
_HOLDS_ATTR = "_wuse_holds_object_grants"


@dataclass(frozen=True)
class Grant:
    role: Role
    prefix: str


def membership_rows(user) -> tuple:
    """The user's ``Membership`` rows with their units, read once per user object (the header shows them;
    ``memberships`` derives the grants from them)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, _ROWS_ATTR, None)
    if cached is None:
        from wuse.accounts.models import Membership

        cached = tuple(Membership.objects.filter(user=user).select_related("region")
                       .order_by("region__code", "role"))
        setattr(user, _ROWS_ATTR, cached)
    return cached


def remember_membership_rows(user, rows: tuple, *, holds_object_grants: bool | None = None) -> None:
    """``membership_rows``' answer, read by whoever loaded the user with them (the sign-in backend: one query);
    with ``holds_object_grants=False`` (read in the same query) the user's django-guardian grants are known to be
    none, and no list or menu looks them up."""
    setattr(user, _ROWS_ATTR, rows)
    if holds_object_grants is not None:
        setattr(user, _HOLDS_ATTR, holds_object_grants)


def _holds_no_grants(user) -> bool:
    """True when whoever loaded the user read that they hold no object grant at all (unknown: False)."""
    return getattr(user, _HOLDS_ATTR, None) is False


def memberships(user) -> tuple[Grant, ...]:
    """The user's (role, unit prefix) pairs, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(Grant(Role(m.role), m.region.prefix) for m in membership_rows(user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


_PER_USER = "_wuse_cached_"


def per_user(user, key: str, compute):
    """``compute()``, read once per user object (a request) under ``key``: what a reach needs to know about the
    user (the organizations they are a member of…), so that its condition is a plain ``IN`` on a column that an
    index serves, not an ``EXISTS`` the planner cannot use beside the unit ranges. ``forget`` drops it."""
    attr = _PER_USER + key
    cached = getattr(user, attr, None)
    if cached is None:
        cached = compute()
        setattr(user, attr, cached)
    return cached


def forget(user) -> None:
    """Drop the cached memberships, object grants and ``per_user`` values (after they change)."""
    cached = (a for a in vars(user) if a.startswith(_PER_USER))
    for attr in (_CACHE_ATTR, _ROWS_ATTR, _GRANTS_ATTR, _HOLDS_ATTR, *cached):
        if hasattr(user, attr):
            delattr(user, attr)


def prefixes(user, action: str) -> tuple[bool, list[str]]:
    """(global, unit prefixes) through which the user holds ``action``; nested prefixes collapsed."""
    table = grants(action)
    is_global = False
    found: list[str] = []
    for grant in memberships(user):
        scope = table.get(grant.role)
        if scope is Scope.GLOBAL:
            is_global = True
        elif scope is Scope.SUBTREE:
            found.append(grant.prefix)
    found.sort(key=len)
    collapsed: list[str] = []
    for prefix in found:
        if not any(prefix.startswith(kept) for kept in collapsed):
            collapsed.append(prefix)
    return is_global, collapsed


def has_action(user, action: str, model=None) -> bool:
    """Whether the user holds ``action`` anywhere (for navigation and create buttons); with ``model``,
    also through that model's reach beyond the table."""
    is_global, found = prefixes(user, action)
    if is_global or found or (action in OBJECT_PERMS and _guardian_holder(user, action)):
        return True
    if model is None or not _active(user):
        return False
    return any(r.holds(user, action) for r in reaches(model, action) if r.holds is not None)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def reach_condition(user, action: str, model) -> models.Q | None:
    """The rows of ``model`` the user reaches for ``action`` beyond the table (``register_reach``), or None."""
    if not _active(user):
        return None
    found = [c for r in reaches(model, action) if (c := r.condition(user, action)) is not None]
    return reduce(or_, (c if isinstance(c, models.Q) else models.Q(c) for c in found)) if found else None


def _guardian_holder(user, action: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return OBJECT_PERMS[action] in _held_permissions(user)


def _held_permissions(user) -> frozenset[str]:
    """The permissions (``app_label.codename``) the user holds on some object, own or through a group: one query
    per request, however many menu entries ask (``has_action``)."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    if _holds_no_grants(user):
        return frozenset()

    def read() -> frozenset[str]:
        fields = ("permission__content_type__app_label", "permission__codename")
        own = UserObjectPermission.objects.filter(user=user).values_list(*fields)
        via_groups = GroupObjectPermission.objects.filter(group__user=user).values_list(*fields)
        return frozenset(f"{app_label}.{codename}" for app_label, codename in own.union(via_groups))

    return per_user(user, "held_permissions", read)


def _object_grants(user, app_label: str, codename: str, model=None):
    """object_pk values of the user's django-guardian grants (own and through groups).

    Only object-level rows are read, never model-level permissions: the equivalent of
    ``get_objects_for_user(..., accept_global_perms=False, with_superuser=False)``, but
    as a short list of keys instead of a cast-and-compare over the whole table
    (django-guardian#68/#151). With ``model``, the permission is named by its id (read once per
    process): the query then joins nothing, and planning it costs a tenth of the joined one.
    """
    from guardian.models import GroupObjectPermission, UserObjectPermission

    if model is not None:
        perm = {"permission_id__in": _permission_ids(app_label, codename, model._meta.model_name)}
    else:
        perm = {"permission__codename": codename, "permission__content_type__app_label": app_label}
    own = UserObjectPermission.objects.filter(user=user, **perm).values("object_pk")
    via_groups = GroupObjectPermission.objects.filter(group__user=user, **perm).values("object_pk")
    return own.union(via_groups)


_PERMISSION_IDS: dict[tuple[str, str, str], tuple[int, ...]] = {}


def _permission_ids(app_label: str, codename: str, model_name: str) -> tuple[int, ...]:
    key = (app_label, codename, model_name)
    if key not in _PERMISSION_IDS:
        from django.contrib.auth.models import Permission

        _PERMISSION_IDS[key] = tuple(Permission.objects.filter(
            codename=codename, content_type__app_label=app_label, content_type__model=model_name)
            .values_list("id", flat=True))
    return _PERMISSION_IDS[key]


def _forget_permission_ids(**kwargs) -> None:
    """Permissions are created (again, with new ids after a flush) by ``migrate``: read them afresh."""
    _PERMISSION_IDS.clear()


post_migrate.connect(_forget_permission_ids, dispatch_uid="wuse.access.forget_permission_ids")


def _code_range(prefix: str) -> tuple[str, str]:
    """All 12-digit codes starting with ``prefix`` form one closed range: an index range scan."""
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def _region_lookup(model) -> tuple[str, str] | None:
    """(ORM lookup, attribute) of the division code a model's rows carry, or None.

    The filter is a range on the row's own code column (``<fk>_id`` for a foreign key to
    Region), so it is served by that column's btree index or any composite index led by
    it; a LIKE would need a pattern-ops index and, on a foreign key, a text cast that no
    index serves.
    """
    name = getattr(model, "ACCESS_REGION_FIELD", None)
    if name is None:
        return None
    field = model._meta.get_field(name)
    return name, field.attname


@dataclass(frozen=True)
class ScopeParts:
    """Where a user holds an action on a model's rows, in parts a list can plan with: everything
    (``is_global``), closed ranges of division codes on the rows' own code column (``column``, one per
    prefix) and the rows opened one by one (object grants, the model's reach: ``extra``, or None)."""

    is_global: bool
    column: str | None
    prefixes: tuple[str, ...]
    extra: models.Q | None

    @property
    def nothing(self) -> bool:
        return not self.is_global and not (self.column and self.prefixes) and self.extra is None

    def ranges(self) -> list[tuple[str, str]]:
        return [_code_range(prefix) for prefix in self.prefixes] if self.column else []

    @property
    def single_unit(self) -> bool:
        """The scope is one community (a full code: one value, no range) and nothing opened one by one."""
        return (not self.is_global and bool(self.column) and len(self.prefixes) == 1 and self.extra is None
                and len(set(_code_range(self.prefixes[0]))) == 1)

    def range_condition(self) -> models.Q | None:
        """The ranges as one filter; a full 12-digit code (one community) is an equality, which the planner
        estimates from the column's statistics instead of guessing a range's width."""
        found = [models.Q(**{self.column: low}) if low == high
                 else models.Q(**{f"{self.column}__gte": low, f"{self.column}__lte": high})
                 for low, high in self.ranges()]
        return reduce(or_, found) if found else None

    def condition(self) -> models.Q | None:
        """The whole scope as one filter (None: everything)."""
        if self.is_global:
            return None
        found = [c for c in (self.range_condition(), self.extra) if c is not None]
        return reduce(or_, found) if found else models.Q(pk__in=[])

    def within(self, prefix: str) -> "ScopeParts":
        """The scope narrowed to the unit with ``prefix`` (a drill-down the caller has authorized): the
        ranges intersected with it; rows opened one by one still count where they sit inside it."""
        if self.is_global:
            kept = (prefix,)
        else:
            kept = tuple(dict.fromkeys(p if p.startswith(prefix) else prefix for p in self.prefixes
                                       if p.startswith(prefix) or prefix.startswith(p)))
        extra = self.extra
        if extra is not None and self.column:
            low, high = _code_range(prefix)
            extra = extra & models.Q(**{f"{self.column}__gte": low, f"{self.column}__lte": high})
        return ScopeParts(False, self.column, kept, extra)


def scope_parts(user, action: str, model) -> ScopeParts:
    """The parts of the user's scope for ``action`` on ``model`` (what ``scoped`` filters by)."""
    if not _active(user):
        return ScopeParts(False, None, (), None)
    is_global, found = prefixes(user, action)
    region = _region_lookup(model)
    if is_global:
        return ScopeParts(True, region[0] if region else None, (), None)
    extras = []
    granted = _granted_pks(user, action, model)
    if granted:
        extras.append(keys_in("pk", granted))  # one array parameter when there are many
    reach = reach_condition(user, action, model)
    if reach is not None:
        extras.append(reach)
    return ScopeParts(False, region[0] if region else None, tuple(found) if region else (),
                      reduce(or_, extras) if extras else None)


def scoped(user, action: str, queryset: models.QuerySet) -> models.QuerySet:
    """The rows of ``queryset`` on which the user holds ``action``: by the table, by object grants and by
    the model's reach, in one filter (no join, no duplicates)."""
    parts = scope_parts(user, action, queryset.model)
    if parts.is_global:
        return queryset
    if parts.nothing:
        return queryset.none()
    return queryset.filter(parts.condition())


def can(user, action: str, obj: models.Model, *, with_reach: bool = True) -> bool:
    """Whether the user may ``action`` on ``obj``; ``with_reach=False`` asks the table and the object grants
    only (a registrar, not a member). An unsaved object (a record about to be created) is judged by its unit
    alone: grants and reaches describe existing rows."""
    if not _active(user):
        return False
    is_global, found = prefixes(user, action)
    if is_global:
        return True
    region = _region_lookup(type(obj))
    code = getattr(obj, region[1], None) if region else None
    if code and any(str(code).startswith(prefix) for prefix in found):
        return True
    if obj.pk is None:
        return False
    if obj.pk in _granted_pks(user, action, type(obj)):
        return True
    extra = reach_condition(user, action, type(obj)) if with_reach else None
    return extra is not None and type(obj)._default_manager.filter(extra, pk=obj.pk).exists()


def _granted_pks(user, action: str, model) -> list:
    """Keys of the ``model`` rows a django-guardian grant opens for ``action`` (none unless the policy
    declares the action in ``OBJECT_PERMS``); read once per user object (a request), like the memberships."""
    perm = OBJECT_PERMS.get(action)
    if not perm or _holds_no_grants(user):
        return []
    memo = getattr(user, _GRANTS_ATTR, None)
    if memo is None:
        memo = {}
        setattr(user, _GRANTS_ATTR, memo)
    key = (perm, model._meta.label)
    if key not in memo:
        app_label, codename = perm.split(".")
        pk_field = model._meta.pk
        memo[key] = [pk_field.to_python(pk) for pk in _object_grants(user, app_label, codename, model)
                     .values_list("object_pk", flat=True)]
    return memo[key]


def can_map(user, obj: models.Model, actions: list[str]) -> dict[str, bool]:
    """``{"change": True, "verify": False, …}`` for a template, keyed by the action's last part."""
    return {action.rsplit(".", 1)[-1]: can(user, action, obj) for action in actions}


def view_action(model) -> str:
    return f"{model.ACCESS_KEY}.view"


def get_for_user(user, queryset, *, action: str | None = None, **lookup):
    """Fetch one object the user may see, then check ``action`` on it.

    404 when the object does not exist *or* is outside the user's scope, so
    existence never leaks; 403 when it is visible but the action is not allowed.
    """
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        obj = scoped(user, view_action(queryset.model), queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        _audit_out_of_scope(user, queryset, lookup)
        raise Http404 from None
    if action and action != view_action(queryset.model) and not can(user, action, obj):
        raise PermissionDenied
    return obj


def _audit_out_of_scope(user, queryset, lookup) -> None:
    """Record a look at an existing object outside the user's scope (the response stays a plain 404)."""
    from wuse.audit.models import Outcome
    from wuse.audit.services import audit_record

    try:
        target = queryset.filter(**lookup).first()
    except (ValueError, TypeError, OverflowError):
        return
    if target is not None:
        audit_record(action=f"{queryset.model.ACCESS_KEY}.out_of_scope", target=target, outcome=Outcome.DENIED,
                     user=user if getattr(user, "is_authenticated", False) else None)

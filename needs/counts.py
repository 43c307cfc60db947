"""The needs list's counts per state and per category, for everything a user may see, without grouping the needs.

The summary ``NeedCount`` (community, state, category → n) is kept by database triggers in the transaction of
every write to needs (migration 0010). A user's counts are the sums of its rows over the code ranges of the
units through which they hold ``need.view`` (intersected with the ``?region=`` drill-down), in one query of at
most states × categories groups, plus an exact count of the few needs they see only one by one (object grants,
the model's reach) outside those units. The result equals grouping ``access.scoped(user, "need.view", …)``.
"""

import datetime as dt
import hashlib
import importlib
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from wuse.access import api as access
from wuse.core.figures import code_range
from wuse.regions.models import Region

from .models import Need, NeedCategory, NeedCount, NeedStreetCount
from .workflow import NEED_PROCESS

ACTION = "need.view"
STREET_LENGTH = 9  # a street's code prefix; wider scopes sum the per-street summary
DISTRICT_LENGTH = 6  # a district's prefix: its sums and wider ones are cached for WUSE_WIDE_COUNTS_SECONDS


@dataclass(frozen=True)
class NeedCounts:
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    total: int = 0
    as_of: dt.datetime | None = None  # when part of the counts was summed (cached); None: summed just now


def wide_key(prefixes: list[str] | None) -> str:
    """The cache key of the sums over ``prefixes`` (None: everything)."""
    scope = "*" if prefixes is None else ",".join(sorted(prefixes))
    return "needs:counts:" + hashlib.sha1(scope.encode(), usedforsecurity=False).hexdigest()


def filtered_count_key(parts: access.ScopeParts, filters, today: dt.date | None = None) -> str | None:
    """The cache key of a filtered list's bounded count (``keyset_page(count_key=)``), or None where it is
    counted live: a community's scope (one index range, cheap), rows opened one by one, a search, "assigned to
    me" (one person's), "overdue" (changes with the day), and a street's unless its date window has ended before
    today (no need is created there any more: only a change of state moves such a count, as on a wide scope).
    A district's and wider scopes' counts are kept whatever the window."""
    if parts.extra is not None or filters.q or filters.assignee == "me" or filters.overdue:
        return None
    wide = parts.is_global or (parts.prefixes and all(len(p) <= DISTRICT_LENGTH for p in parts.prefixes))
    ended = filters.date_to is not None and filters.date_to < (today or timezone.localdate())
    street = parts.prefixes and all(len(p) <= STREET_LENGTH for p in parts.prefixes)
    if not (wide or (street and ended)):
        return None
    scope = "*" if parts.is_global else ",".join(sorted(parts.prefixes))
    shown = (scope, filters.status, filters.category, filters.channel, filters.urgency, filters.assignee,
             filters.date_from, filters.date_to, filters.region.code if filters.region else "")
    return "needs:total:" + hashlib.sha1(repr(shown).encode(), usedforsecurity=False).hexdigest()


def _street_sums(prefixes: list[str] | None) -> tuple[list, dt.datetime | None]:
    """``(status, category, n)`` summed from the per-street summary over the ranges of ``prefixes`` (None:
    everything), with the time they were summed when they come from the cache, else None.

    A district's sums and wider ones (a city's: ~200 streets × states × categories) are kept in the cache for
    ``WUSE_WIDE_COUNTS_SECONDS`` — the page says as of when; a street's and a community's are always live."""
    query = NeedStreetCount.objects.order_by()
    if prefixes is not None:
        query = query.filter(_ranges_q(prefixes, "street"))
    query = query.values_list("status", "category").annotate(total=Sum("n"))
    seconds = getattr(settings, "WUSE_WIDE_COUNTS_SECONDS", 0)
    if not seconds or (prefixes is not None and any(len(prefix) > DISTRICT_LENGTH for prefix in prefixes)):
        return list(query), None
    key = wide_key(prefixes)
    found = cache.get(key)
    if found is None:
        found = (list(query), timezone.now())
        cache.set(key, found, seconds)
    return found


def _ranges_q(prefixes, column: str) -> Q:
    return reduce(or_, (code_range(prefix, column) for prefix in prefixes))


def counts_for(parts: access.ScopeParts) -> NeedCounts:
    """The counts over a scope given in parts (``access.scope_parts``, narrowed with ``.within`` for a
    drill-down): everything, the units with its prefixes (summed from the summaries) and the rows opened one
    by one (``extra``: counted exactly, outside those units)."""
    by_status: dict[str, int] = {}
    by_category: dict[str, int] = {}

    def add(rows) -> None:
        for status, category, n in rows:
            if n:
                by_status[status] = by_status.get(status, 0) + n
                by_category[category] = by_category.get(category, 0) + n

    as_of = None
    wide = [prefix for prefix in parts.prefixes if len(prefix) <= STREET_LENGTH]  # a street or above
    narrow = [prefix for prefix in parts.prefixes if len(prefix) > STREET_LENGTH]
    if parts.is_global or wide:
        rows, as_of = _street_sums(None if parts.is_global else wide)
        add(rows)
    if narrow:
        add(NeedCount.objects.order_by().filter(_ranges_q(narrow, "community"))
            .values_list("status", "category").annotate(total=Sum("n")))
    if parts.extra is not None and not parts.is_global:
        exact = Need.objects.order_by().filter(parts.extra)
        if parts.prefixes:
            exact = exact.exclude(_ranges_q(parts.prefixes, "community"))  # those are in the summary already
        add(exact.values_list("status", "category").annotate(total=Count("pk")))
    return NeedCounts(by_status=by_status, by_category=by_category, total=sum(by_status.values()), as_of=as_of)


def counts_in(*, is_global: bool, prefixes, extra: Q | None, region: Region | None = None) -> NeedCounts:
    """``counts_for`` of a scope given field by field, narrowed to ``region``."""
    parts = access.ScopeParts(is_global, "community", tuple(prefixes), None if is_global else extra)
    return counts_for(parts.within(region.prefix) if region is not None else parts)


def scope_counts(user, region: Region | None = None) -> NeedCounts:
    """The counts per state and per category of the needs ``user`` may see (within ``region``, the list's
    drill-down, when given): one query on the summary, one on guardian's grants, and one exact count only
    when the user sees needs one by one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NeedCounts()
    parts = access.scope_parts(user, ACTION, Need)
    return counts_for(parts.within(region.prefix) if region is not None else parts)


def status_counts(counts: NeedCounts) -> list[tuple[str, str, int]]:
    """``[(code, label, n)]`` for every state, in the process's order (zeros included)."""
    return [(code, label, counts.by_status.get(code, 0)) for code, label in NEED_PROCESS.choices]


def category_counts(counts: NeedCounts, categories=None) -> list[tuple[NeedCategory, int]]:
    """``[(category, n)]`` for the categories holding needs, in the categories' order (``categories``: the
    list the page has read already; otherwise one query)."""
    if not counts.by_category:
        return []
    categories = NeedCategory.objects.all() if categories is None else categories
    return [(c, counts.by_category[c.code]) for c in categories if counts.by_category.get(c.code)]


SQLITE_TRIGGERS = {"needs_needcount_insert", "needs_needcount_delete", "needs_needcount_update"}


def ensure_triggers(*, using: str = DEFAULT_DB_ALIAS, **kwargs) -> bool:
    """After ``migrate`` (``post_migrate``): on SQLite, put the summary's triggers back if a migration rebuilt
    ``needs_need`` and dropped them with the old table, and refill the summary from the needs. Returns whether
    it had to. PostgreSQL alters tables in place and keeps its triggers."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE (type = 'table' AND name = %s) "
                       "OR (type = 'trigger' AND tbl_name = %s)", [NeedCount._meta.db_table, Need._meta.db_table])
        found = {row[0] for row in cursor.fetchall()}
    if NeedCount._meta.db_table not in found or found >= SQLITE_TRIGGERS:
        return False
    migration = importlib.import_module("needs.migrations.0010_need_counts")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        migration.install(cursor.execute, connection.vendor)
    return True

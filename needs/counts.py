"""The needs list's counts per state and per category, for everything a user may see, without grouping the needs.

The summary ``NeedCount`` (community, state, category → n) is kept by database triggers in the transaction of
every write to needs (migration 0010). A user's counts are the sums of its rows over the code ranges of the
units through which they hold ``need.view`` (intersected with the ``?region=`` drill-down), in one query of at
most states × categories groups, plus an exact count of the few needs they see only one by one (object grants,
the model's reach) outside those units. The result equals grouping ``access.scoped(user, "need.view", …)``.
"""

import importlib
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Q, Sum

from wuse.access import api as access
from wuse.regions.models import Region

from .models import Need, NeedCategory, NeedCount, NeedStreetCount
from .workflow import NEED_PROCESS

ACTION = "need.view"
STREET_LENGTH = 9  # a street's code prefix; wider scopes sum the per-street summary


@dataclass(frozen=True)
class NeedCounts:
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    total: int = 0


def _code_range(prefix: str) -> tuple[str, str]:
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def _ranges_q(prefixes, column: str = "community") -> Q | None:
    found = [Q(**{f"{column}__gte": low, f"{column}__lte": high}) for low, high in map(_code_range, prefixes)]
    return reduce(or_, found) if found else None


def _within(prefixes, region_prefix: str) -> list[str]:
    """The prefixes' ranges intersected with the region's: division codes nest, so two ranges are either
    disjoint or one holds the other."""
    kept = []
    for prefix in prefixes:
        if region_prefix.startswith(prefix):
            kept.append(region_prefix)
        elif prefix.startswith(region_prefix):
            kept.append(prefix)
    return list(dict.fromkeys(kept))


def counts_in(*, is_global: bool, prefixes, extra: Q | None, region: Region | None = None) -> NeedCounts:
    """The counts over a scope given in parts: everything (``is_global``), the units with these ``prefixes``
    (summed from the summary) and the rows opened one by one (``extra``: counted exactly, outside those
    units), narrowed to ``region``. ``scope_counts`` asks the access layer for the parts; a caller holding
    them already can pass them here."""
    by_status: dict[str, int] = {}
    by_category: dict[str, int] = {}

    def add(rows) -> None:
        for status, category, n in rows:
            if n:
                by_status[status] = by_status.get(status, 0) + n
                by_category[category] = by_category.get(category, 0) + n

    region_prefix = region.prefix if region is not None else None
    everything = is_global and region_prefix is None
    if is_global:
        summed, extra = [region_prefix] if region_prefix is not None else [], None
    elif region_prefix is None:
        summed = list(prefixes)
    else:
        summed = _within(prefixes, region_prefix)
    if everything:
        add(NeedStreetCount.objects.order_by().values_list("status", "category").annotate(total=Sum("n")))
    wide = [prefix for prefix in summed if len(prefix) <= STREET_LENGTH]  # a street or above: per-street rows
    narrow = [prefix for prefix in summed if len(prefix) > STREET_LENGTH]
    if wide:
        add(NeedStreetCount.objects.order_by().filter(_ranges_q(wide, "street"))
            .values_list("status", "category").annotate(total=Sum("n")))
    if narrow:
        add(NeedCount.objects.order_by().filter(_ranges_q(narrow))
            .values_list("status", "category").annotate(total=Sum("n")))
    if extra is not None:
        exact = Need.objects.order_by().filter(extra)
        units = _ranges_q(prefixes)
        if units is not None:
            exact = exact.exclude(units)  # those are in the summary already
        if region_prefix is not None:
            exact = exact.filter(_ranges_q([region_prefix]))
        add(exact.values_list("status", "category").annotate(total=Count("pk")))
    return NeedCounts(by_status=by_status, by_category=by_category, total=sum(by_status.values()))


def scope_counts(user, region: Region | None = None) -> NeedCounts:
    """The counts per state and per category of the needs ``user`` may see (within ``region``, the list's
    drill-down, when given): one query on the summary, one on guardian's grants, and one exact count only
    when the user sees needs one by one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NeedCounts()
    parts = access.scope_parts(user, ACTION, Need)
    return counts_in(is_global=parts.is_global, prefixes=parts.prefixes, extra=parts.extra, region=region)


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

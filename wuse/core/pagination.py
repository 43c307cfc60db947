from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages are reached by narrowing the filters, never by OFFSET scans


def paginate(request, queryset, *, per_page: int = PAGE_SIZE):
    """A bounded page of ``queryset``: bad or out-of-range page numbers fall back to the nearest page."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        number = min(int(raw), MAX_PAGE)
    except (TypeError, ValueError, PageNotAnInteger):
        number = 1
    try:
        page = paginator.page(max(number, 1))
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    query = request.GET.copy()
    query.pop("page", None)
    page.querystring = query.urlencode()
    return page


class KeysetPage:
    """One page of a list ordered by (timestamp, id), newest first, reached through cursors.

    The cost of a page does not grow with its depth (no OFFSET), so deep pages of a
    million-row list stay as cheap as the first. ``total`` is exact when the caller knows it (a summary);
    otherwise counting stops at ``COUNT_LIMIT`` and the template says "more than 1,000".
    """

    COUNT_LIMIT = 1_000

    def __init__(self, rows, *, per_page, has_next, has_previous, next_cursor, previous_cursor, total, querystring,
                 counted: bool = True):
        self.object_list = rows
        self.per_page = per_page
        self.has_next = has_next
        self.has_previous = has_previous
        self.next_cursor = next_cursor
        self.previous_cursor = previous_cursor
        self.total = total
        self.total_is_capped = counted and total > self.COUNT_LIMIT
        self.querystring = querystring

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def _encode_cursor(ts, pk) -> str:
    return f"{ts.isoformat()}~{pk}"


def _decode_cursor(raw: str):
    from django.utils.dateparse import parse_datetime

    try:
        ts_text, pk_text = raw.rsplit("~", 1)
        ts, pk = parse_datetime(ts_text), int(pk_text)
    except (ValueError, TypeError):
        return None
    return (ts, pk) if ts is not None and 0 < pk < 2**63 else None


# A scope of units whose prefixes are all at least this long (a district and below) is read unit by unit
# and merged; wider ones (a city, a province, everything) read the whole table's (field, id) index.
MERGE_MIN_PREFIX = 6


def _cursor_condition(queryset, field: str, cursor, forward_desc: bool):
    """The rows after the cursor in the page's order.

    On PostgreSQL one row-value comparison, ``(field, id) < (ts, pk)`` (``>`` going up): the planner reads it as
    an index condition on ``(field, id)`` — and on ``(unit, field, id)`` after the unit's equality —, so the scan
    starts at the cursor (page 101 of a district's verified needs: 53 index entries read instead of 21,276), and
    one raw expression compiles in microseconds where three lookups cost ~0.2 ms a unit. Elsewhere (SQLite, which
    compares its stored datetime text with the parameter's differently in a row value) the same rows said with
    lookups: ``field < ts OR (field = ts AND id < pk)`` and the bound ``field <= ts``."""
    from django.db import connections
    from django.db.models import BooleanField, Q
    from django.db.models.expressions import RawSQL

    ts, pk = cursor
    if connections[queryset.db].vendor == "postgresql":
        meta = queryset.model._meta
        ordered = meta.get_field(field)
        left = f'"{ordered.model._meta.db_table}"."{ordered.column}", "{meta.db_table}"."{meta.pk.column}"'
        op = "<" if forward_desc else ">"
        # Only the model's own table and column names are interpolated; the cursor's values are parameters.
        return RawSQL(f"({left}) {op} (%s, %s)", (ts, pk), output_field=BooleanField())  # noqa: S611
    op = "lt" if forward_desc else "gt"
    return Q(**{f"{field}__{op}e": ts}) & (Q(**{f"{field}__{op}": ts}) | Q(**{field: ts, f"id__{op}": pk}))


# A scope with a district's (or wider) range first looks among the table's newest rows: for a district's
# thousands of rows among a city's million that finds the page after a few hundred index entries, where the
# merge reads every one of its hundreds of units. A scope that is not dense there (a street's, a district with
# only old rows) falls back to the merge within the same statement.
WINDOW_MAX_PREFIX = 6
WINDOW_ROWS = 2_000


def _merged_sql(queryset, scope, *, field: str, desc: bool, limit: int) -> tuple[str, tuple]:
    """The statement reading the first ``limit`` (pk, field) of ``queryset`` in the scope's units, unit by unit.

    PostgreSQL: for every unit in the scope's code ranges, a LATERAL subquery reads that unit's rows in
    (field, id) order from the composite index led by the code column and stops after ``limit``; the outer
    query merges them. Its cost depends on the number of units, never on where in time a unit's rows sit.
    For a wide scope (``WINDOW_MAX_PREFIX``) the statement first keeps the scope's rows among the
    ``WINDOW_ROWS`` first of the whole (filtered) table in the page's order; when they fill the page they are
    the page (any row of the scope before them would be among them), and the merge is not run (a one-time
    filter on the window's count)."""
    from django.db.models.expressions import RawSQL

    from wuse.regions.models import Region

    order = [f"-{field}", "-id"] if desc else [field, "id"]
    inner = (queryset.filter(**{scope.column: RawSQL('"wuse_unit"."code"', ())}).order_by(*order)
             .values_list("pk", field)[:limit])
    inner_sql, inner_params = inner.query.sql_with_params()
    units = " OR ".join(['("wuse_unit"."code" BETWEEN %s AND %s)'] * len(scope.prefixes))
    direction = "DESC" if desc else "ASC"
    bounds = tuple(bound for pair in scope.ranges() for bound in pair)
    # Only the ORM's own compiled SQL, a table name and constants are interpolated; every value is a parameter.
    merged = (f'SELECT "wuse_rows"."pk", "wuse_rows"."ts" FROM "{Region._meta.db_table}" AS "wuse_unit" '  # noqa: S608
              f'CROSS JOIN LATERAL ({inner_sql}) AS "wuse_rows"("pk", "ts") WHERE {units} '
              f'ORDER BY 2 {direction}, 1 {direction} LIMIT %s')
    merged_params = (*inner_params, *bounds, limit)
    if not any(len(prefix) <= WINDOW_MAX_PREFIX for prefix in scope.prefixes):
        return merged, merged_params
    window = queryset.order_by(*order).values_list("pk", field, scope.column)[:WINDOW_ROWS]
    window_sql, window_params = window.query.sql_with_params()
    in_window = " OR ".join(['("wuse_win"."unit" BETWEEN %s AND %s)'] * len(scope.prefixes))
    sql = (f'WITH "wuse_found" AS MATERIALIZED (SELECT "wuse_win"."pk", "wuse_win"."ts" FROM ({window_sql}) '  # noqa: S608
           f'AS "wuse_win"("pk", "ts", "unit") WHERE {in_window} ORDER BY 2 {direction}, 1 {direction} LIMIT %s) '
           f'SELECT "pk", "ts" FROM "wuse_found" WHERE (SELECT count(*) FROM "wuse_found") >= %s '
           f'UNION ALL SELECT "pk", "ts" FROM ({merged}) AS "wuse_merged" '
           f'WHERE (SELECT count(*) FROM "wuse_found") < %s')
    return sql, (*window_params, *bounds, limit, limit, *merged_params, limit)


def _merged_rows(queryset, scope, *, field: str, desc: bool, limit: int, rows_from=None) -> list:
    """The first ``limit`` rows of ``queryset`` in the scope, read unit by unit (``_merged_sql``) — in one
    statement; the rows opened one by one (``scope.extra``) are read apart and merged here. ``rows_from``: the
    queryset the page's rows are fetched from by key (the same columns as ``queryset`` without its filters, which
    the keys already satisfy: the outer statement then compiles and plans none of them again)."""
    from django.db.models.expressions import RawSQL

    order = [f"-{field}", "-id"] if desc else [field, "id"]
    sql, params = _merged_sql(queryset, scope, field=field, desc=desc, limit=limit)
    keys = RawSQL(f'SELECT "wuse_page"."pk" FROM ({sql}) AS "wuse_page"', params)  # noqa: S608, S611 (see above)
    rows = list((queryset if rows_from is None else rows_from).filter(pk__in=keys).order_by(*order)[:limit])
    if scope.extra is not None:
        rows += list(queryset.filter(scope.extra).order_by(*order)[:limit])
        unique = {row.pk: row for row in rows}.values()
        rows = sorted(unique, key=lambda row: (getattr(row, field), row.pk), reverse=desc)[:limit]
    return rows


def _bounded_count(rows, key: str | None) -> int:
    """The rows of ``rows()`` (a queryset, made only when it is counted) counted up to one past ``COUNT_LIMIT``;
    with ``key``, kept in the cache a while."""
    from django.conf import settings
    from django.core.cache import cache

    seconds = getattr(settings, "WUSE_WIDE_COUNTS_SECONDS", 0)
    if key and seconds:
        found = cache.get(key)
        if found is not None:
            return found
    total = rows().order_by()[: KeysetPage.COUNT_LIMIT + 1].count()
    if key and seconds:
        cache.set(key, total, seconds)
    return total


def _plan_by_unit(scope) -> bool:
    from django.db import connection

    # One community and nothing else: an equality on the code, which the (code, field, id) index serves in
    # order directly; a merge of one unit would only add the LATERAL's overhead.
    return (scope is not None and connection.vendor == "postgresql" and not scope.is_global
            and not scope.single_unit and scope.column is not None and bool(scope.prefixes)
            and all(len(prefix) >= MERGE_MIN_PREFIX for prefix in scope.prefixes))


def keyset_page(request, queryset, *, field: str = "created_at", newest_first: bool = True,
                per_page: int = PAGE_SIZE, scope=None, total: int | None = None, by_unit: bool = True,
                count_key: str | None = None, rows_from=None) -> KeysetPage:
    """A page of ``queryset`` after ``?after=`` or before ``?before=`` a cursor (bad cursors: first page).

    ``scope`` (``wuse.access.api.ScopeParts``): ``queryset`` is not yet scoped; the page is read unit by
    unit and merged where the scope is a few units' ranges (see ``_merged_keys``), and by the scope's
    filter otherwise. ``total``: a count the caller already knows (from a summary); without it the rows are
    counted up to ``COUNT_LIMIT``. ``by_unit=False``: never unit by unit (a text search is served better by
    its own index over the whole scope than by reading every unit until it finds matches). ``rows_from``: the
    same columns as ``queryset`` without its filters, to fetch a merged page's rows by key (``_merged_rows``).
    Each queryset is built only on the path that runs it (a clone and its compilation cost ~0.3 ms)."""
    desc = newest_first
    after = _decode_cursor(request.GET.get("after", ""))
    before = None if after else _decode_cursor(request.GET.get("before", ""))
    by_unit = by_unit and _plan_by_unit(scope)

    def scoped():
        if scope is None or scope.is_global:
            return queryset
        return queryset.none() if scope.nothing else queryset.filter(scope.condition())

    counted = total is None
    if counted:
        total = _bounded_count(scoped, count_key)
    forward = desc if not before else not desc
    condition = _cursor_condition(queryset, field, after or before, forward) if after or before else None
    ordering = [f"-{field}", "-id"] if forward else [field, "id"]
    if by_unit:
        base = queryset if condition is None else queryset.filter(condition)
        rows = _merged_rows(base, scope, field=field, desc=forward, limit=per_page + 1, rows_from=rows_from)
    else:
        page_qs = scoped() if condition is None else scoped().filter(condition)
        rows = list(page_qs.order_by(*ordering)[: per_page + 1])
    extra = len(rows) > per_page
    rows = rows[:per_page]
    if before:
        rows.reverse()
        has_previous, has_next = extra, True
    else:
        has_previous, has_next = bool(after), extra
    query = request.GET.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    return KeysetPage(
        rows, per_page=per_page, has_next=has_next and bool(rows), has_previous=has_previous and bool(rows),
        next_cursor=_encode_cursor(getattr(rows[-1], field), rows[-1].pk) if rows else "",
        previous_cursor=_encode_cursor(getattr(rows[0], field), rows[0].pk) if rows else "",
        total=total, querystring=query.urlencode(), counted=counted,
    )

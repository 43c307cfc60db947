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
    million-row list stay as cheap as the first. ``total`` is bounded: counting stops
    at ``COUNT_LIMIT`` and the template shows "10,000+".
    """

    COUNT_LIMIT = 10_000

    def __init__(self, rows, *, per_page, has_next, has_previous, next_cursor, previous_cursor, total, querystring):
        self.object_list = rows
        self.per_page = per_page
        self.has_next = has_next
        self.has_previous = has_previous
        self.next_cursor = next_cursor
        self.previous_cursor = previous_cursor
        self.total = total
        self.total_is_capped = total > self.COUNT_LIMIT
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


def keyset_page(request, queryset, *, field: str = "created_at", newest_first: bool = True,
                per_page: int = PAGE_SIZE) -> KeysetPage:
    """A page of ``queryset`` after ``?after=`` or before ``?before=`` a cursor (bad cursors: first page)."""
    from django.db.models import Q

    desc = newest_first
    after = _decode_cursor(request.GET.get("after", ""))
    before = None if after else _decode_cursor(request.GET.get("before", ""))
    ordering = [f"-{field}", "-id"] if desc else [field, "id"]
    reverse_ordering = [field, "id"] if desc else [f"-{field}", "-id"]
    total = queryset.order_by()[: KeysetPage.COUNT_LIMIT + 1].count()
    page_qs = queryset
    if after:
        ts, pk = after
        page_qs = page_qs.filter(Q(**{f"{field}__{'lt' if desc else 'gt'}": ts})
                                 | Q(**{field: ts, f"id__{'lt' if desc else 'gt'}": pk})).order_by(*ordering)
    elif before:
        ts, pk = before
        page_qs = page_qs.filter(Q(**{f"{field}__{'gt' if desc else 'lt'}": ts})
                                 | Q(**{field: ts, f"id__{'gt' if desc else 'lt'}": pk})).order_by(*reverse_ordering)
    else:
        page_qs = page_qs.order_by(*ordering)
    rows = list(page_qs[: per_page + 1])
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
        total=total, querystring=query.urlencode(),
    )

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

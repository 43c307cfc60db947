"""The public pages of open calls: the calls open for bids and later (all, or of one unit and below: ``?unit=``), a
call, the results (the winning organization and its price, once the poster publishes them) — no personal data, no
form."""

from django.shortcuts import get_object_or_404, render

from wuse.core.pagination import paginate
from wuse.public.pages import public_headers
from wuse.regions.models import Region

from . import selectors
from .workflow import PUBLISHED


def _unit(request):
    code = request.GET.get("unit", "")
    return Region.objects.filter(code=code).first() if code.isdigit() and len(code) == 12 else None


def public_index(request):
    unit = _unit(request)
    calls = selectors.public_calls()
    if unit is not None:
        calls = calls.filter(**selectors.within(unit))
    return public_headers(render(request, "calls/public_index.html", {"page": paginate(request, calls),
                                                                      "unit": unit}))


def public_results(request):
    page = paginate(request, selectors.public_results())
    return public_headers(render(request, "calls/public_results.html", {"page": page}))


def public_call(request, pk):
    calls = selectors.public_calls().select_related("winner__organization", "winner__volunteer_team",
                                                    "poster_organization")
    call = get_object_or_404(calls.only(*selectors.LIST_FIELDS, "problem", "reward", "winner__price",
                                        "winner__organization__name", "winner__volunteer_team__name",
                                        "poster_organization__name"), pk=pk)
    return public_headers(render(request, "calls/public_call.html", {
        "call": call, "criteria": list(call.criteria.all()),
        "winner": call.winner if call.status == PUBLISHED else None}))

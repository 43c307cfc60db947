"""The public 公示 pages of venture rounds: awarded projects, organizations, amounts and scores — no personal
data, no form."""

from django.shortcuts import get_object_or_404, render

from wuse.core.pagination import paginate

from . import selectors


def public_index(request):
    page = paginate(request, selectors.public_rounds())
    return render(request, "venture/public_index.html", {"page": page})


def public_round(request, pk):
    venture_round = get_object_or_404(selectors.public_rounds(), pk=pk)
    page = paginate(request, selectors.public_awards(venture_round))
    return render(request, "venture/public_round.html", {"round": venture_round, "page": page})

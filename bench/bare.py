"""The yardstick: a minimal Django view rendering the 20 newest needs of the same table through a small template.

No login, no access layer, no counts, no filter form: what any Django page of 20 rows costs on this machine, in
the same gunicorn process as the needs list (bench/urls.py).
"""

from django.shortcuts import render

from needs.models import Need


def bare(request):
    return render(request, "bench/bare.html", {"needs": Need.objects.order_by("-created_at", "-id")[:20]})

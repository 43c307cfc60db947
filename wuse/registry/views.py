from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .hub import sections_for


@login_required
def home(request):
    return render(request, "registry/home.html", {"sections": sections_for(request.user)})


@login_required
def linkage(request):
    return render(request, "registry/home.html", {"sections": sections_for(request.user)})

"""The agreement and the money: sign, pay a tranche, the mid-term result, recover; debar an organization."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.errors import DomainError

from . import services
from .forms import DebarForm, MidtermForm
from .models import Application, Tranche
from .views import _application


def _managed(request, pk):
    return _application(request.user, pk, action="venture_round.manage")


def _done(request, application, call):
    try:
        call()
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("venture:application", application.pk)


@login_required
@require_POST
def application_sign(request, pk):
    application = _managed(request, pk)
    return _done(request, application, lambda: services.application_sign(user=request.user,
                                                                         application=application))


def _tranche(request, pk, tranche_pk):
    application = _managed(request, pk)
    return application, get_object_or_404(Tranche, pk=tranche_pk, application=application)


@login_required
@require_POST
def tranche_pay(request, pk, tranche_pk):
    application, tranche = _tranche(request, pk, tranche_pk)
    return _done(request, application, lambda: services.tranche_pay(user=request.user, tranche=tranche))


@login_required
@require_POST
def tranche_recover(request, pk, tranche_pk):
    application, tranche = _tranche(request, pk, tranche_pk)
    return _done(request, application, lambda: services.tranche_recover(user=request.user, tranche=tranche))


@login_required
@require_POST
def midterm(request, pk):
    application = _managed(request, pk)
    form = MidtermForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the mid-term result."))
        return redirect("venture:application", application.pk)
    return _done(request, application, lambda: services.midterm_record(
        user=request.user, application=application, **form.cleaned_data))


@login_required
@require_POST
def debar(request, pk):
    application = _managed(request, pk)
    if not access.can(request.user, "venture_round.manage", application.organization):
        raise PermissionDenied
    form = DebarForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("venture:application", application.pk)
    return _done(request, application, lambda: services.debar(
        user=request.user, organization=application.organization, **form.cleaned_data))


__all__ = ["Application", "application_sign", "debar", "midterm", "tranche_pay", "tranche_recover"]

"""Certificates (志愿服务记录证明) and the volunteer's own record page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate

from .. import selectors
from ..certificate import PUBLICITY_DAYS, certificate_issue, certificate_may_download, certificate_pdf
from ..errors import VolunteerError
from ..forms import CertificateForm
from .volunteers import _get, record_context


@login_required
@require_POST
def certificate_create(request, pk: int):
    volunteer = _get(request, pk, action="volunteer_certificate.issue")
    form = CertificateForm(request.POST, prefix="cert")
    if form.is_valid():
        try:
            certificate = certificate_issue(user=request.user, volunteer=volunteer, **form.cleaned_data)
        except VolunteerError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Certificate %(number)s issued.") % {"number": certificate.number})
            return redirect(reverse("registry:volunteers:detail", args=[volunteer.pk]) + "#certificates")
    return render(request, "volunteers/detail.html", record_context(request, volunteer, certificate_form=form),
                  status=400)


@login_required
def certificate_download(request, pk: int):
    """The certificate as PDF: for the issuing unit's side, or for the volunteer themselves."""
    certificate = selectors.certificates_for_detail().filter(pk=pk).first()
    if certificate is None or not certificate_may_download(request.user, certificate):
        # A plain 404, the same as for a missing one; the look at an existing certificate is audited.
        access.get_for_user(request.user, selectors.certificates_for_detail(), pk=pk)
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def me(request):
    """My volunteer record: my services and hours, my certificates, my balances."""
    if not access.has_action(request.user, "volunteer.self"):
        raise PermissionDenied
    volunteer = selectors.volunteer_of_user(request.user)
    context = {"volunteer": volunteer, "publicity_days": PUBLICITY_DAYS}
    if volunteer is not None:
        context.update({
            "hours": selectors.hours_summary(volunteer),
            "entries": paginate(request, selectors.volunteer_entries(volunteer)),
            "certificates": list(selectors.volunteer_certificates(volunteer)),
            "memberships": list(selectors.volunteer_teams(volunteer)),
            "balances": selectors.balances(volunteer.person),
            "masked": volunteer.person.masked,
        })
    return render(request, "volunteers/me.html", context)

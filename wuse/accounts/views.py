import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from wuse.audit.models import Outcome
from wuse.audit.services import audit_record

from .forms import LoginForm, OTPTokenForm
from .middleware import mark_session_start
from .otp import device_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        mark_session_start(self.request)
        return response


class LogoutView(auth_views.LogoutView):
    pass


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def otp_verify(request):
    """Enrol (first time) or verify the TOTP second factor."""
    device = device_for(request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_record(action="auth.otp_verified", target=None, user=request.user)
            messages.success(request, _("Second factor verified."))
            return redirect(next_url)
        audit_record(action="auth.otp_failed", target=None, user=request.user, outcome=Outcome.FAILED)
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    context = {"form": form, "next": next_url, "enrolling": not device.confirmed}
    if not device.confirmed:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/otp.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes lockout page: says for how long, in the user's language (HTTP 429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)

"""The pages residents open from the link or QR code: no account, no personal data, a rate limit per
network, and a clear answer when the survey does not take answers now."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wuse.audit.middleware import client_ip
from wuse.public import ratelimit
from wuse.public.pages import public_headers

from .. import selectors, services
from ..forms import AnswerForm
from ..models import ResponseChannel
from .entry import RATE_NAMESPACE, submit


def _public_unavailable(request, campaign, message: str, status: int):
    return render(request, "surveys/public_unavailable.html", {"campaign": campaign, "message": message},
                  status=status)


def public_survey(request, token: str):
    """The questionnaire residents open from the link or QR code: no account, no personal data."""
    try:
        campaign = selectors.campaign_by_token(token)
    except Http404:
        return _public_unavailable(request, None, _("This survey does not exist. Check the link or scan the "
                                                    "code again."), 404)
    form = AnswerForm(request.POST or None, questions=campaign.questions.all(),
                      units=selectors.answer_units(campaign),
                      unit_label=_("Which community do you live in?"), unit_blank_label=_("Not sure / not listed"))
    closed = None
    try:
        services.check_accepting(campaign)
    except services.SurveyClosed as exc:
        status = 200 if campaign.period_state() == "before" and not campaign.is_closed else 410
        if request.method != "POST":
            return _public_unavailable(request, campaign, str(exc), status)
        closed = str(exc)  # closed while the resident was answering: show what they wrote, with the reason
        form.is_valid()
        form.add_error(None, closed)
    else:
        status = 200
    if request.method == "POST" and not closed:
        ip = client_ip(request)
        if ratelimit.exceeded(RATE_NAMESPACE, campaign.pk, ip):
            form.is_valid()
            form.add_error(None, _("Many questionnaires have been sent from this network in the last hour. Please "
                                   "try again later; your answers are still here."))
            status = 429
        else:
            result = submit(request, campaign, form, channel=ResponseChannel.PUBLIC)
            if result is not None:
                if result != "duplicate":
                    ratelimit.count(RATE_NAMESPACE, campaign.pk, ip)
                return redirect("surveys:public_thanks", token=campaign.public_token)
            status = 400
    response = render(request, "surveys/public_form.html", {"campaign": campaign, "form": form, "closed": closed},
                      status=status)
    if status == 429:
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
    return public_headers(response)


def public_thanks(request, token: str):
    try:
        campaign = selectors.campaign_by_token(token)
    except Http404:
        return _public_unavailable(request, None, _("This survey does not exist. Check the link or scan the "
                                                    "code again."), 404)
    return render(request, "surveys/public_thanks.html", {"campaign": campaign,
                                                          "can_answer_again": campaign.accepting_answers})

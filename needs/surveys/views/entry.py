"""Entering a questionnaire: staff type in a paper one, and the submit the public page shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wuse.core.shell import breadcrumbs
from wuse.public import ratelimit

from .. import selectors, services
from ..forms import AnswerForm
from ..models import ResponseChannel

RATE_NAMESPACE = "surveys"  # the cache keys of the surveys' rate limit and nonces (wuse.public.ratelimit)


def submit(request, campaign, form, *, channel, user=None):
    """Validate and save one questionnaire; returns the response, or None with the errors on the form.
    A second submit of the same form (double tap, reload) is recognised by its nonce and not saved
    ("duplicate")."""
    if not form.is_valid():
        return None
    nonce = form.cleaned_data["nonce"]
    if nonce and not ratelimit.first_submission(RATE_NAMESPACE, campaign.pk, nonce):
        return "duplicate"
    try:
        return services.response_submit(campaign=campaign, answers=form.raw_answers(), channel=channel, user=user,
                                        region=form.chosen_unit())
    except ValidationError as exc:
        ratelimit.forget_submission(RATE_NAMESPACE, campaign.pk, nonce)
        form.add_answer_errors(exc)
    except services.SurveyClosed as exc:
        ratelimit.forget_submission(RATE_NAMESPACE, campaign.pk, nonce)
        form.add_error(None, str(exc))
    return None


@login_required
def response_enter(request, pk: int):
    """Staff type in a paper questionnaire (or one taken by phone or at a visit)."""
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.enter")
    units = selectors.entry_units(request.user, campaign)
    if not units:
        raise PermissionDenied
    closed = None
    try:
        services.check_accepting(campaign)
    except services.SurveyClosed as exc:
        closed = str(exc)
    form = AnswerForm(request.POST or None, questions=campaign.questions.all(), units=units,
                      unit_label=_("Which community do the answers come from?"),
                      unit_blank_label=_("Not tied to a community"))
    if request.method == "POST" and not closed:
        result = submit(request, campaign, form, channel=ResponseChannel.STAFF, user=request.user)
        if result == "duplicate":
            messages.info(request, _("This questionnaire was already saved."))
            return redirect("surveys:enter", pk=campaign.pk)
        if result is not None:
            messages.success(request, _("Answers saved (response #%(number)s). You can enter the next "
                                        "questionnaire.") % {"number": result.pk})
            return redirect("surveys:enter", pk=campaign.pk)
    status = 409 if closed and request.method == "POST" else (400 if form.errors else 200)
    return render(request, "surveys/enter.html", {
        "campaign": campaign, "form": form, "closed": closed, "breadcrumbs": breadcrumbs(request.user,
                                                                                        campaign.region),
    }, status=status)

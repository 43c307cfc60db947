"""The satisfaction survey's pages.

Staff (``/evaluations/satisfaction/<project pk>/``): open and close the survey, its link and QR code, the minimum
sample, the results with each index's definition beside its number, the free-text answers (paginated).
Public (``/public/evaluations/s/<token>/``): the questionnaire residents open on their phone, with no account and
no personal data; rate-limited per network (``wuse.public.ratelimit``) and one response per device
(``wuse.public.device``). Thin: parse, fetch-and-authorize with one call, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Project
from wuse.access import api as access
from wuse.audit.middleware import client_ip
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.public import device, ratelimit
from wuse.public.pages import public_headers, public_link
from wuse.public.qr import qr_svg

from . import services
from .errors import EvaluationError
from .models import SatisfactionSurvey
from .satisfaction_forms import MinimumForm, SatisfactionForm
from .services.satisfaction import DEVICE_NAMESPACE as NAMESPACE
from .services.satisfaction import OPEN_STATES

# --- staff ----------------------------------------------------------------------------------------------------


def _project_and_survey(user, pk: int, action: str = "satisfaction.view"):
    """The project (404 outside the user's scope, as for a missing one), its survey or None, after checking
    ``action`` on the survey (or, before there is one, on the project's unit): 403 when not allowed."""
    project = access.get_for_user(user, Project.objects.select_related("region"), pk=pk)
    survey = SatisfactionSurvey.objects.filter(project=project).first()
    if not access.can(user, action, survey or SatisfactionSurvey(region_id=project.region_id)):
        raise PermissionDenied(_("You may not see or change this project's satisfaction survey."))
    return project, survey


def _public_url(request, survey) -> str:
    return public_link(request, reverse("evaluation_public:survey", args=[survey.public_token]))


def _staff_page(request, project, survey, *, minimum_form=None, status=200):
    user = request.user
    manage = access.can(user, "satisfaction.manage", survey or SatisfactionSurvey(region_id=project.region_id))
    link = _public_url(request, survey) if survey is not None and survey.is_open else ""
    comments = (paginate(request, survey.responses.exclude(comment="").only("comment", "created_at", "survey_id")
                         .order_by("-created_at", "-id")) if survey is not None else None)
    return render(request, "evaluation/satisfaction/staff.html", {
        "project": project, "survey": survey, "breadcrumbs": breadcrumbs(user, project.region),
        "results": services.survey_results(survey) if survey is not None else None,
        "page": comments, "public_url": link, "qr": qr_svg(link, inline=True) if link else "",
        "can_manage": manage, "can_open": manage and project.status in OPEN_STATES,
        "minimum_form": minimum_form or (MinimumForm(initial={"min_responses": survey.min_responses})
                                         if manage and survey is not None else None),
    }, status=status)


@login_required
def satisfaction_staff(request, pk: int):
    project, survey = _project_and_survey(request.user, pk)
    return _staff_page(request, project, survey)


@login_required
@require_POST
def satisfaction_open(request, pk: int):
    project, _survey = _project_and_survey(request.user, pk, "satisfaction.manage")
    return _survey_action(request, pk, lambda: services.survey_open(user=request.user, project=project),
                          _("The satisfaction survey is open: share its link or QR code with residents."))


@login_required
@require_POST
def satisfaction_close(request, pk: int):
    _project, survey = _project_and_survey(request.user, pk, "satisfaction.manage")
    if survey is None:
        return redirect("evaluation:satisfaction", pk=pk)
    return _survey_action(request, pk, lambda: services.survey_close(user=request.user, survey=survey),
                          _("The satisfaction survey is closed: the link now says so."))


def _survey_action(request, pk: int, call, done: str):
    """Run one service call on the survey; its refusal or ``done`` as a message, back to the staff page."""
    try:
        call()
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("evaluation:satisfaction", pk=pk)


@login_required
@require_POST
def satisfaction_minimum(request, pk: int):
    project, survey = _project_and_survey(request.user, pk, "satisfaction.manage")
    if survey is None:
        return redirect("evaluation:satisfaction", pk=pk)
    form = MinimumForm(request.POST)
    if form.is_valid():
        try:
            services.survey_set_minimum(user=request.user, survey=survey,
                                        min_responses=form.cleaned_data["min_responses"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Minimum number of responses saved."))
            return redirect("evaluation:satisfaction", pk=pk)
    return _staff_page(request, project, survey, minimum_form=form, status=400)


@login_required
def satisfaction_qr(request, pk: int):
    """The QR code of the public link as a file, for posters and notices."""
    project, survey = _project_and_survey(request.user, pk)
    if survey is None or not survey.is_open:
        messages.error(request, _("The survey is not open: there is no link to print."))
        return redirect("evaluation:satisfaction", pk=pk)
    response = HttpResponse(qr_svg(_public_url(request, survey)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="satisfaction-{project.pk}-qr.svg"'
    return response


# --- public ---------------------------------------------------------------------------------------------------


def _public(request, template: str, context: dict, status: int = 200):
    """A public page: never cached, no referrer, the device cookie set (or refreshed) for the next submit."""
    response = render(request, f"evaluation/satisfaction/{template}", context, status=status)
    device.remember(request, response)
    return public_headers(response)


def _unknown(request):
    return _public(request, "public_unavailable.html", {"survey": None, "message": _(
        "This survey does not exist. Check the link or scan the code again.")}, 404)


def _closed(request, survey):
    return _public(request, "public_unavailable.html", {"survey": survey,
                                                        "message": services.closed_message(survey)}, 410)


def _already(request, survey):
    return _public(request, "public_unavailable.html", {"survey": survey, "already": True, "message": _(
        "This phone has already answered this survey. Thank you!")})


def public_survey(request, token: str):
    """The questionnaire. A POST is refused with 429 (Retry-After) past the network's hourly limit — repeats
    from one device count too — and nothing is saved; a device that answered gets the "already answered"
    page; a closed survey answers 410 with the date it closed."""
    survey = services.survey_by_token(token)
    if survey is None:
        return _unknown(request)
    if not survey.is_open:
        return _closed(request, survey)
    token_ = device.token_of(request)
    if request.method != "POST":
        if token_ and services.has_answered(survey, token_):
            return _already(request, survey)
        return _public(request, "public_form.html", {"survey": survey, "form": SatisfactionForm()})
    form, ip = SatisfactionForm(request.POST), client_ip(request)
    if ratelimit.exceeded(NAMESPACE, survey.pk, ip):
        form.is_valid()
        form.add_error(None, _("Many answers have been sent from this network in the last hour. Please try again "
                               "later; your answers are still here."))
        response = _public(request, "public_form.html", {"survey": survey, "form": form}, 429)
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
        return response
    if token_ and services.has_answered(survey, token_):
        ratelimit.count(NAMESPACE, survey.pk, ip)
        return _already(request, survey)
    status = 400
    if not token_:
        form.is_valid()
        form.add_error(None, _("Your browser sent no device cookie: allow cookies for this site and send the form "
                               "again (your answers are still here)."))
    elif form.is_valid():
        try:
            services.response_record(survey=survey, answers=form.answers(), comment=form.cleaned_data["comment"],
                                     device_token=token_)
        except services.AlreadyAnswered:
            ratelimit.count(NAMESPACE, survey.pk, ip)
            return _already(request, survey)
        except services.SurveyClosed as exc:
            form.add_error(None, str(exc))  # closed while the resident was answering: what they wrote stays
            status = 410
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            ratelimit.count(NAMESPACE, survey.pk, ip)
            return redirect("evaluation_public:thanks", token=survey.public_token)
    return _public(request, "public_form.html", {"survey": survey, "form": form, "closed": status == 410}, status)


def public_thanks(request, token: str):
    survey = services.survey_by_token(token)
    if survey is None:
        return _unknown(request)
    return _public(request, "public_thanks.html", {"survey": survey})

"""A campaign's screens: the list, creating and editing it, its page (questions or results, status, the
public link and its QR code) and its status changes."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.forms import add_errors
from wuse.core.pagination import keyset_page
from wuse.core.shell import breadcrumbs
from wuse.public.pages import public_link
from wuse.public.qr import qr_svg
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import TransitionError, transition_options

from .. import selectors, services
from ..forms import CampaignEditForm, CampaignForm
from ..models import QuestionKind
from ..workflow import OPEN, SURVEY_PROCESS
from .responses import unit_filter


@login_required
def campaign_list(request):
    if not access.has_action(request.user, "survey.view"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in dict(SURVEY_PROCESS.choices):
        status = ""
    page = keyset_page(request, selectors.campaigns_for_user(request.user, status))
    counts = selectors.response_counts(c.pk for c in page)
    for campaign in page:
        campaign.response_count = counts.get(campaign.pk, 0)
    return render(request, "surveys/list.html", {
        "page": page, "status": status, "statuses": SURVEY_PROCESS.choices,
        "can_create": access.has_action(request.user, "survey.create"),
    })


@login_required
def campaign_create(request):
    units = selectors.units_for_create(request.user)
    if not units.exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, units=units,
                        initial={"starts_on": today, "ends_on": today + dt.timedelta(days=30)})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Survey created. Now add its questions."))
            return redirect("surveys:detail", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


def public_url(request, campaign) -> str:
    """The link residents open. ``WUSE_PUBLIC_BASE_URL`` (e.g. https://wuse.example.gov.cn) sets the address
    printed in the QR code when staff reach the site through an internal one."""
    return public_link(request, reverse("surveys:public", args=[campaign.public_token]))


def _detail_context(request, campaign, **extra):
    user = request.user
    units = selectors.filter_units(user, campaign)
    unit = unit_filter(request, campaign, units)
    questions = list(campaign.questions.all())
    responses = selectors.responses_for_user(user, campaign, unit)
    summary = selectors.summarize(questions, responses)
    selectors.mark_to_need(user, campaign, [answer for item in summary.questions for answer in item.latest])
    can = access.can_map(user, campaign, ["survey.change", "survey.enter", "survey.export"])
    link = public_url(request, campaign) if not campaign.is_draft else ""
    return {
        "campaign": campaign,
        "breadcrumbs": breadcrumbs(user, campaign.region),
        "summary": summary,
        "unit": unit,
        "units": units if len(units) > 1 else [],
        "transitions": transition_options(SURVEY_PROCESS, campaign, user),
        "timeline": TransitionLog.objects.timeline(campaign),
        "can": {**can, "edit_questions": can["change"] and campaign.is_draft,
                "enter": can["enter"] and campaign.accepting_answers},
        "kinds": QuestionKind.choices,
        "public_url": link,
        "qr": qr_svg(link, inline=True) if link else "",
        # While collecting: where today falls in the period ("before", "during", "after"); else "".
        "period_state": campaign.period_state() if campaign.status == OPEN else "",
        **extra,
    }


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk)
    return render(request, "surveys/detail.html", _detail_context(request, campaign))


@login_required
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_for_user(request.user, pk, action="survey.change")
    initial = {f: getattr(campaign, f) for f in services.CAMPAIGN_FIELDS} | {"version": campaign.version}
    form = CampaignEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(user=request.user, campaign=campaign, version=form.cleaned_data["version"],
                                     **form.campaign_fields())
        except services.CampaignConflict as exc:
            add_errors(form, exc)
            campaign.refresh_from_db()
            status = 409
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("surveys:detail", pk=campaign.pk)
    if form.errors and status == 200:
        status = 400
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": campaign,
                                                          "saved": campaign if status == 409 else None},
                  status=status)


@login_required
@require_POST
def campaign_transition(request, pk: int, name: str):
    campaign = selectors.campaign_for_user(request.user, pk)
    try:
        campaign = services.campaign_transition(user=request.user, campaign=campaign, name=name)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return render(request, "surveys/detail.html", _detail_context(request, campaign), status=409)
    messages.success(request, _("Status updated."))
    return redirect("surveys:detail", pk=campaign.pk)


@login_required
def campaign_qr(request, pk: int):
    """The QR code as a file, for posters and notices."""
    campaign = selectors.campaign_for_user(request.user, pk)
    if campaign.is_draft:
        raise Http404
    response = HttpResponse(qr_svg(public_url(request, campaign)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-qr.svg"'
    return response

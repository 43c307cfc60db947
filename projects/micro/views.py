"""The staff pages of 民生微实事: the rounds (filters, region drill-down, pages), a new round, a round's page (the
proposals, the council's decisions, the vote, the confirmation), the district's caps and negative list, and the
vote result's xlsx. A refusal draws the page again with its message (400), never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wuse.access import api as access
from wuse.core.errors import DomainError
from wuse.core.forms import add_errors
from wuse.core.pagination import paginate
from wuse.core.params import region_from_query
from wuse.public.pages import public_link
from wuse.public.qr import qr_svg
from wuse.regions.levels import Level
from wuse.spreadsheets import xlsx_response
from wuse.workflow.services import transition_options

from . import selectors, services
from .errors import MicroError
from .exports import export_result
from .forms import CapsForm, MeetingForm, RoundFilterForm, RoundForm, RuleForm
from .models import DistrictCaps, NegativeRule, Proposal
from .services.voting import voting_open
from .workflow import CLOSED, COLLECTING, DELIBERATING, ROUND_PROCESS

REFUSALS = (ValidationError, DomainError, PermissionDenied)


def _refusal(form, exc) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("You may not do this."))
    else:
        add_errors(form, exc)


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")


@login_required
@require_GET
def round_list(request):
    if not access.has_action(request.user, "micro_round.view"):
        raise PermissionDenied
    region = region_from_query(request)
    form = RoundFilterForm(request.GET or None)
    waiting = request.GET.get("waiting") == "1"
    rounds = selectors.rounds_for_user(request.user, region, waiting=waiting, **form.filters())
    return render(request, "micro/list.html", {
        "form": form, "page": paginate(request, rounds), "region": region, "waiting": waiting,
        "counts": selectors.status_counts(request.user, region), "path": region.path() if region else [],
        "can_create": access.has_action(request.user, "micro.run"),
        "can_caps": access.has_action(request.user, "micro_caps.view"),
    })


@login_required
def round_create(request):
    if not access.has_action(request.user, "micro.run"):
        raise PermissionDenied
    form = RoundForm(request.POST or None, communities=list(selectors.communities_for(request.user)),
                     initial={"year": _this_year()})
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(user=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("Round created: residents can propose from its public page."))
            return redirect("micro:detail", round_.pk)
    return render(request, "micro/form.html", {"form": form}, status=400 if form.errors else 200)


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def render_detail(request, round_, *, meeting_form=None, reason: str = "", status: int = 200):
    user = request.user
    probe = Proposal(round=round_, region_id=round_.region_id)
    can_run = access.can(user, "micro.run", round_)
    if meeting_form is None and can_run and round_.status in (COLLECTING, DELIBERATING):
        meeting_form = MeetingForm(meetings=list(selectors.council_meetings(round_)),
                                   initial={"meeting": round_.meeting_id})
    proposals = list(selectors.proposals_of(round_))
    link = public_link(request, reverse("micro_public:round", args=[round_.pk]))
    return render(request, "micro/detail.html", {
        "public_url": link, "qr": qr_svg(link, inline=True),
        "object": round_, "proposals": proposals, "caps": selectors.caps_of(round_),
        "options": transition_options(ROUND_PROCESS, round_, user), "reason": reason,
        "meeting_form": meeting_form, "can_run": can_run,
        "can_deliberate": round_.status == DELIBERATING and access.can(user, "micro.deliberate", probe),
        "can_confirm": round_.status == CLOSED and access.can(user, "micro.confirm", probe),
        "total_votes": sum(p.votes for p in proposals), "voting_open": voting_open(round_),
    }, status=status)


@login_required
@require_GET
def round_detail(request, pk: int):
    return render_detail(request, selectors.round_for(request.user, pk))


@login_required
@require_POST
def round_transition(request, pk: int, name: str):
    round_ = selectors.round_for(request.user, pk)
    reason = request.POST.get("reason", "")[:1000]
    try:
        services.round_transition(user=request.user, round_=round_, name=name, reason=reason)
    except PermissionDenied:
        raise
    except REFUSALS as exc:
        messages.error(request, _message(exc))
        return render_detail(request, selectors.round_for(request.user, pk), reason=reason, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": ROUND_PROCESS.transition(name).label})
    return redirect("micro:detail", pk)


@login_required
@require_POST
def round_meeting(request, pk: int):
    round_ = selectors.round_for(request.user, pk, "micro.run")
    form = MeetingForm(request.POST, meetings=list(selectors.council_meetings(round_)))
    if form.is_valid():
        try:
            services.round_link_meeting(user=request.user, round_=round_, meeting=form.cleaned_data["meeting"])
        except REFUSALS as exc:
            _refusal(form, exc)
        else:
            messages.success(request, _("The council's meeting is linked."))
            return redirect("micro:detail", pk)
    return render_detail(request, round_, meeting_form=form, status=400)


def _proposal(request, pk: int, action: str) -> Proposal:
    return access.get_for_user(request.user, Proposal.objects.select_related("round__region"), pk=pk, action=action)


@login_required
@require_POST
def proposal_decide(request, pk: int, name: str):
    proposal = _proposal(request, pk, "micro.deliberate")
    reason = request.POST.get("reason", "")[:1000]
    try:
        if name not in ("shortlist", "decline"):
            raise MicroError(_("Unknown action."))
        services.deliberate(user=request.user, proposal=proposal, shortlist=name == "shortlist", reason=reason)
    except PermissionDenied:
        raise
    except REFUSALS as exc:
        messages.error(request, _message(exc))
        return render_detail(request, selectors.round_for(request.user, proposal.round_id), status=400)
    messages.success(request, _("The council's decision is recorded."))
    return redirect("micro:detail", proposal.round_id)


@login_required
@require_POST
def proposal_confirm(request, pk: int):
    proposal = _proposal(request, pk, "micro.confirm")
    try:
        confirmed = services.confirm(user=request.user, proposal=proposal)
    except REFUSALS as exc:
        messages.error(request, _message(exc))
        return render_detail(request, selectors.round_for(request.user, proposal.round_id), status=400)
    messages.success(request, _("Confirmed: the project is created as a draft; complete its plan."))
    return redirect("projects:detail", confirmed.project_id)


@login_required
@require_GET
def round_export(request, pk: int):
    round_ = selectors.round_for(request.user, pk)
    export = export_result(user=request.user, round_=round_)
    return xlsx_response(export.filename, export.sheets)


# The district's caps and negative list.

def _district(request):
    districts = list(selectors.districts_for(request.user))
    if not districts:
        raise PermissionDenied
    code = request.GET.get("district") or request.POST.get("district") or districts[0].code
    found = next((d for d in districts if d.code == code), None)
    if found is None:
        from django.http import Http404

        raise Http404
    return found, districts


@login_required
def caps(request):
    if not access.has_action(request.user, "micro_caps.view"):
        raise PermissionDenied
    district, districts = _district(request)
    can_edit = access.can(request.user, "micro_caps.edit", DistrictCaps(district=district, year=0))
    caps_form = CapsForm(request.POST if request.POST.get("form") == "caps" else None,
                         initial={"year": _this_year()})
    rule_form = RuleForm(request.POST if request.POST.get("form") == "rule" else None)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = caps_form if request.POST.get("form") == "caps" else rule_form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is caps_form:
                    services.caps_set(user=request.user, district=district, year=d["year"], service=d["service"],
                                      goods=d["goods"], works=d["works"])
                else:
                    services.rule_add(user=request.user, district=district, **d)
            except REFUSALS as exc:
                _refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?district={district.code}")
        status = 400
    return render(request, "micro/caps.html", {
        "district": district, "districts": districts, "caps_rows": list(selectors.caps_for(district)),
        "rules": list(selectors.rules_for(district)), "caps_form": caps_form, "rule_form": rule_form,
        "can_edit": can_edit, "level_district": Level.DISTRICT,
    }, status=status)


@login_required
@require_POST
def rule_remove(request, pk: int):
    rule = access.get_for_user(request.user, NegativeRule.objects.select_related("district"), pk=pk,
                               action="micro_caps.edit")
    try:
        services.rule_remove(user=request.user, rule=rule)
    except REFUSALS as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Rule removed."))
    return redirect(f"{reverse('micro:caps')}?district={rule.district_id}")

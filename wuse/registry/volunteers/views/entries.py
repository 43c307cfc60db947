"""Service records: record a service or a team activity, the list (awaiting verification first), the entry
with its timeline, verify, reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs
from wuse.workflow.models import TransitionLog
from wuse.workflow.services import transition_options

from .. import selectors
from ..errors import ServiceEntryError
from ..forms import EntryFilterForm, RejectForm, ServiceEntryForm, TeamActivityForm
from ..local_time import local_date
from ..models import ServiceEntry, Volunteer, VolunteerTeam
from ..services import entries as entry_services
from ..workflow import SERVICE_ENTRY_PROCESS


def _decorate(user, entries) -> None:
    """Per-row actions for the template, as the process offers them (no queries: the user's units are cached
    and the guards read the row): ``entry.actions`` by transition name, ``entry.can_verify``."""
    for entry in entries:
        entry.volunteer_visible = access.can(user, "volunteer.view", entry.volunteer)
        entry.actions = {option.name: option for option in transition_options(SERVICE_ENTRY_PROCESS, entry, user)}
        entry.can_verify = "verify" in entry.actions and entry.actions["verify"].allowed


@login_required
def entry_list(request):
    if not access.has_action(request.user, "service_entry.view"):
        raise PermissionDenied
    teams = selectors.teams_for_user(request.user)
    form = EntryFilterForm(request.GET or None, teams=teams)
    page = paginate(request, selectors.entries_for_user(request.user, form.filters()))
    _decorate(request.user, page)
    return render(request, "volunteers/entries.html", {
        "form": form,
        "page": page,
        "any_verifiable": any(entry.can_verify for entry in page),
        "can_create": access.has_action(request.user, "service_entry.create"),
    })


def _record(request, form, volunteers, team=None):
    """Call the service; on refusal put its message on the form. Returns the entries or None."""
    try:
        return entry_services.entries_record(user=request.user, volunteers=volunteers,
                                             data=form.service_data(team=team))
    except ServiceEntryError as exc:
        form.add_error(None, str(exc))
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You may not record this service."))
    return None


@login_required
def entry_create(request):
    communities = selectors.communities_for(request.user, "service_entry.create")
    if not communities.exists():
        raise PermissionDenied
    teams = selectors.teams_for_user(request.user)
    initial = {"number": request.GET.get("volunteer", "")[:30]}
    form = ServiceEntryForm(request.POST or None, communities=communities, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        volunteer = selectors.volunteer_by_number(request.user, form.cleaned_data["number"])
        if volunteer is None:
            form.add_error("number", _("There is no volunteer no. %(number)s that you may see.")
                           % {"number": form.cleaned_data["number"]})
        elif _record(request, form, [volunteer], team=form.cleaned_data["team"]) is not None:
            messages.success(request, _("Service recorded; it counts once someone else verifies it."))
            return redirect("registry:volunteers:detail", pk=volunteer.pk)
    return render(request, "volunteers/entry_form.html", {"form": form})


@login_required
def team_activity(request, pk: int):
    """Record a team activity: one entry for each member ticked."""
    team = access.get_for_user(request.user, VolunteerTeam.objects.select_related("region"), pk=pk)
    communities = selectors.communities_for(request.user, "service_entry.create")
    if not communities.exists():
        raise PermissionDenied
    members = (Volunteer.objects.filter(team_memberships__team=team, team_memberships__left_on=None)
               .select_related("person").order_by("number"))
    initial = {"region": team.region_id} if team.region.level == "community" else {}
    form = TeamActivityForm(request.POST or None, communities=communities, members=members,
                            initial={**initial, "organizer": team.name})
    if request.method == "POST" and form.is_valid():
        recorded = _record(request, form, list(form.cleaned_data["members"]), team=team)
        if recorded is not None:
            messages.success(request, ngettext("%(n)d service recorded for the team activity.",
                                               "%(n)d services recorded for the team activity.",
                                               len(recorded)) % {"n": len(recorded)})
            return redirect("registry:volunteers:team_detail", pk=team.pk)
    return render(request, "volunteers/activity_form.html", {"form": form, "team": team})


def _entry(request, pk: int, action: str | None = None) -> ServiceEntry:
    return access.get_for_user(request.user, selectors.entries_for_detail(), pk=pk, action=action)


def _entry_context(request, entry, **extra) -> dict:
    _decorate(request.user, [entry])
    context = {"entry": entry, "breadcrumbs": breadcrumbs(request.user, entry.region),
               "timeline": TransitionLog.objects.timeline(entry)}
    if "reject" in entry.actions:
        context["reject_form"] = RejectForm(prefix="reject")
    return {**context, **extra}


@login_required
def entry_detail(request, pk: int):
    entry = _entry(request, pk)
    return render(request, "volunteers/entry_detail.html", _entry_context(request, entry))


@login_required
@require_POST
def entry_verify(request, pk: int):
    entry = _entry(request, pk, action="service_entry.verify")
    try:
        entry_services.entry_verify(user=request.user, entry=entry)
    except ServiceEntryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Service verified; its hours are credited."))
    return redirect("registry:volunteers:entry_detail", pk=entry.pk)


@login_required
@require_POST
def entry_reject(request, pk: int):
    entry = _entry(request, pk, action="service_entry.verify")
    form = RejectForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            entry_services.entry_reject(user=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except ServiceEntryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Service rejected."))
            return redirect("registry:volunteers:entry_detail", pk=entry.pk)
    return render(request, "volunteers/entry_detail.html", _entry_context(request, entry, reject_form=form),
                  status=400)


@login_required
@require_POST
def entries_verify(request):
    """Verify the ticked entries of the list; report what was skipped and why."""
    if not access.has_action(request.user, "service_entry.verify"):
        raise PermissionDenied
    ids = [int(value) for value in request.POST.getlist("entry") if value.isdigit()][:entry_services.MAX_VERIFY_AT_ONCE]
    chosen = list(access.scoped(request.user, "service_entry.view", ServiceEntry.objects.filter(pk__in=ids)))
    if not chosen:
        messages.error(request, _("Tick the services to verify."))
    else:
        result = entry_services.entries_verify(user=request.user, entries=chosen)
        if result.verified:
            messages.success(request, ngettext("%(n)d service verified.", "%(n)d services verified.",
                                               len(result.verified)) % {"n": len(result.verified)})
        for entry, reason in result.skipped:
            messages.warning(request, _("Not verified: %(volunteer)s %(date)s — %(reason)s") % {
                "volunteer": entry.volunteer.number, "date": local_date(entry.started_at).isoformat(),
                "reason": reason})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/registry/volunteers/entries/") else "registry:volunteers:entries")

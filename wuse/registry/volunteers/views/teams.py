"""Volunteer teams: the list, registration, members and the leader."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wuse.access import api as access
from wuse.core.pagination import paginate
from wuse.core.shell import breadcrumbs

from .. import selectors, services
from ..forms import TeamForm, TeamLeaderForm, TeamMemberForm
from ..models import Volunteer, VolunteerTeam

TEAM_ACTIONS = ["volunteer_team.change"]


@login_required
def team_list(request):
    if not access.has_action(request.user, "volunteer_team.view"):
        raise PermissionDenied
    q = " ".join(request.GET.get("q", "").split())[:50]
    return render(request, "volunteers/teams.html", {
        "q": q,
        "page": paginate(request, selectors.teams_for_user(request.user, q=q)),
        "can_create": access.has_action(request.user, "volunteer_team.create"),
    })


@login_required
def team_create(request):
    units = selectors.team_units_for(request.user)
    if not units.exists():
        raise PermissionDenied
    form = TeamForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(user=request.user, **form.cleaned_data)
        except services.VolunteerError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Team “%(name)s” registered.") % {"name": team.name})
            return redirect("registry:volunteers:team_detail", pk=team.pk)
    return render(request, "volunteers/team_form.html", {"form": form})


def _team(request, pk: int, action: str | None = None) -> VolunteerTeam:
    return access.get_for_user(request.user, VolunteerTeam.objects.select_related("region", "leader__person"),
                               pk=pk, action=action)


def _team_context(request, team, **extra) -> dict:
    members = list(selectors.team_members(team))
    can = access.can_map(request.user, team, TEAM_ACTIONS)
    for membership in members:
        membership.visible = access.can(request.user, "volunteer.view", membership.volunteer)
    context = {
        "team": team,
        "members": members,
        "can": {**can, "record": access.has_action(request.user, "service_entry.create") and bool(members)},
        "breadcrumbs": breadcrumbs(request.user, team.region),
    }
    if can["change"]:
        context.setdefault("member_form", TeamMemberForm(prefix="member"))
        context["candidates"] = selectors.team_member_candidates(request.user, team)
        context.setdefault("leader_form", TeamLeaderForm(
            prefix="leader", initial={"leader": team.leader_id},
            members=Volunteer.objects.filter(pk__in=[m.volunteer_id for m in members]).select_related("person")))
    return {**context, **extra}


@login_required
def team_detail(request, pk: int):
    team = _team(request, pk)
    return render(request, "volunteers/team_detail.html", _team_context(request, team))


def _members_anchor(team) -> str:
    return reverse("registry:volunteers:team_detail", args=[team.pk]) + "#members"


@login_required
@require_POST
def team_member_add(request, pk: int):
    team = _team(request, pk, action="volunteer_team.change")
    form = TeamMemberForm(request.POST, prefix="member")
    if form.is_valid():
        volunteer = selectors.volunteer_by_number(request.user, form.cleaned_data["number"])
        if volunteer is None:
            form.add_error("number", _("There is no volunteer no. %(number)s that you may see.")
                           % {"number": form.cleaned_data["number"]})
        else:
            try:
                services.team_member_add(user=request.user, team=team, volunteer=volunteer)
            except services.VolunteerError as exc:
                form.add_error("number", str(exc))
            else:
                messages.success(request, _("%(name)s joined the team.") % {"name": volunteer.person.name})
                return redirect(_members_anchor(team))
    return render(request, "volunteers/team_detail.html", _team_context(request, team, member_form=form),
                  status=400)


@login_required
@require_POST
def team_member_remove(request, pk: int, volunteer_pk: int):
    team = _team(request, pk, action="volunteer_team.change")
    volunteer = get_object_or_404(Volunteer.objects.select_related("person"), pk=volunteer_pk,
                                  team_memberships__team=team)
    try:
        services.team_member_remove(user=request.user, team=team, volunteer=volunteer)
    except services.VolunteerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s left the team.") % {"name": volunteer.person.name})
    return redirect(_members_anchor(team))


@login_required
@require_POST
def team_leader(request, pk: int):
    team = _team(request, pk, action="volunteer_team.change")
    members = Volunteer.objects.filter(team_memberships__team=team, team_memberships__left_on=None)
    form = TeamLeaderForm(request.POST, prefix="leader", members=members.select_related("person"))
    if form.is_valid():
        try:
            services.team_set_leader(user=request.user, team=team, volunteer=form.cleaned_data["leader"])
        except services.VolunteerError as exc:
            form.add_error("leader", str(exc))
        else:
            messages.success(request, _("Team leader saved."))
            return redirect(_members_anchor(team))
    return render(request, "volunteers/team_detail.html", _team_context(request, team, leader_form=form),
                  status=400)

"""Writes to volunteer teams: hosted by a community or a street, their members and their leader.

Every function: guard → change → audit row, in one transaction; a refusal raises ``VolunteerError``
(or ``PermissionDenied``) with a message for the user, and nothing is written.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.privacy.text import one_line
from wuse.regions.levels import Level
from wuse.regions.models import Region

from ..errors import VolunteerError
from ..models import TeamMembership, Volunteer, VolunteerTeam

TEAM_UNIT_LEVELS = (Level.COMMUNITY, Level.STREET)


def _name_taken(region: Region, name: str) -> VolunteerError:
    return VolunteerError(_("A team named “%(name)s” already exists in %(unit)s; choose another name.")
                          % {"name": name, "unit": region.name})


@transaction.atomic
def team_create(*, user, region: Region, name: str, description: str = "") -> VolunteerTeam:
    """Register a volunteer team hosted by a community or a street; names are unique per unit."""
    if region.level not in TEAM_UNIT_LEVELS:
        raise VolunteerError(_("A volunteer team is hosted by a community or a street."))
    if not access.can(user, "volunteer_team.create", region):
        raise PermissionDenied(_("You may not register teams in %(unit)s.") % {"unit": region.name})
    name = one_line(name)
    if not name:
        raise VolunteerError(_("Enter the team's name."))
    if VolunteerTeam.objects.filter(region=region, name=name).exists():
        raise _name_taken(region, name)
    team = VolunteerTeam(region=region, name=name[:100], description=description.strip()[:2000], created_by=user)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:  # registered by a colleague a moment ago
        raise _name_taken(region, name) from None
    audit_record(action="volunteer_team.create", target=team, user=user,
                 changed_fields=["region", "name", *(["description"] if team.description else [])])
    return team


def _lock_team(user, team: VolunteerTeam) -> VolunteerTeam:
    locked = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
    if not access.can(user, "volunteer_team.change", locked):
        raise PermissionDenied(_("You may not change this team."))
    return locked


@transaction.atomic
def team_member_add(*, user, team: VolunteerTeam, volunteer: Volunteer) -> TeamMembership:
    """Add a volunteer the user may see to the team (again, if they had left it)."""
    locked = _lock_team(user, team)
    if not access.can(user, "volunteer.view", volunteer):
        raise PermissionDenied(_("You may not see this volunteer."))
    if not volunteer.active:
        raise VolunteerError(_("Volunteer %(number)s is no longer active.") % {"number": volunteer.number})
    membership = TeamMembership.objects.filter(team=locked, volunteer=volunteer).first()
    today = timezone.localdate()
    if membership is not None and membership.left_on is None:
        raise VolunteerError(_("%(name)s is already a member of this team.") % {"name": volunteer.person.name})
    if membership is not None:
        membership.joined_on, membership.left_on = today, None
        membership.save(update_fields=["joined_on", "left_on"])
    else:
        membership = TeamMembership.objects.create(team=locked, volunteer=volunteer, joined_on=today)
    audit_record(action="volunteer_team.member_add", target=locked, user=user, changed_fields=["members"],
                 detail={"volunteer": volunteer.pk})
    return membership


@transaction.atomic
def team_member_remove(*, user, team: VolunteerTeam, volunteer: Volunteer) -> None:
    """The volunteer leaves the team (the membership is kept with the date they left)."""
    locked = _lock_team(user, team)
    left = TeamMembership.objects.filter(team=locked, volunteer=volunteer, left_on=None).update(
        left_on=timezone.localdate())
    if not left:
        raise VolunteerError(_("This volunteer is not a member of the team."))
    changed = ["members"]
    if locked.leader_id == volunteer.pk:
        VolunteerTeam.objects.filter(pk=locked.pk).update(leader=None)
        changed.append("leader")
    audit_record(action="volunteer_team.member_remove", target=locked, user=user, changed_fields=changed,
                 detail={"volunteer": volunteer.pk})


@transaction.atomic
def team_set_leader(*, user, team: VolunteerTeam, volunteer: Volunteer | None) -> VolunteerTeam:
    """Make a current member the team's leader (or leave the team without one)."""
    locked = _lock_team(user, team)
    if volunteer is not None and not TeamMembership.objects.filter(team=locked, volunteer=volunteer,
                                                                   left_on=None).exists():
        raise VolunteerError(_("The leader must be a member of the team."))
    new_id = volunteer.pk if volunteer is not None else None
    if locked.leader_id != new_id:
        VolunteerTeam.objects.filter(pk=locked.pk).update(leader_id=new_id)
        locked.leader_id = new_id
        audit_record(action="volunteer_team.change", target=locked, user=user, changed_fields=["leader"])
    return locked

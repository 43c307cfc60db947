"""What a plan links to while it is drafted: the unit's listed needs (through needs' own services), the records of
designing it with residents, and the five societies taking part."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needs.models import Need
from needs.services import need_from_project, need_to_project
from needs.workflow import LISTED, NEED_PROCESS
from wuse.access import api as access
from wuse.audit.services import audit_record

from ..choices import CoDesignKind, ParticipantKind
from ..errors import ProjectError
from ..models import CoDesignRecord, Participant, Project, ProjectNeed

EARLIEST = dt.date(2000, 1, 1)


def _editable(user, project: Project) -> Project:
    """The project locked, if the user may change its plan and the plan is not frozen."""
    locked = Project.objects.select_for_update().select_related("region").get(pk=project.pk)
    if not access.can(user, "project.change", locked):
        raise PermissionDenied(_("You may not change this project."))
    if not locked.is_editable:
        raise ProjectError(_("The project is “%(state)s”: its plan is frozen.") % {"state": locked.status_label})
    return locked


def _within(project: Project, code: str) -> bool:
    low, high = project.linkable_units()
    return low <= code <= high


def background_from(needs) -> str:
    """The background a plan starts from: its needs, one per paragraph."""
    return "\n\n".join(f"{n.title}：{n.description}" if n.description else n.title for n in needs)[:5000]


@transaction.atomic
def project_link_need(*, user, project: Project, need: Need) -> ProjectNeed:
    """Link a listed need of the project's unit; the need goes to 已转化为项目 through needs' services."""
    locked = _editable(user, project)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if not _within(locked, need.community_id):
        raise ValidationError({"need": _("“%(title)s” is a need of another community: a project links only the "
                                         "needs of its own community (or, for a street, of its communities).")
                               % {"title": need.title}})
    if not access.can(user, "need.view", need):
        raise ValidationError({"need": _("There is no such need that you may see.")})
    if need.status != LISTED:
        raise ValidationError({"need": _("“%(title)s” is “%(state)s”: only needs on the needs list (纳入清单) can "
                                         "be linked.") % {"title": need.title,
                                                          "state": NEED_PROCESS.label(need.status)}})
    try:
        with transaction.atomic():
            link = ProjectNeed.objects.create(project=locked, need=need, linked_by=user)
    except IntegrityError:
        raise ValidationError({"need": _("“%(title)s” is already in another project.") % {"title": need.title}}) \
            from None
    need_to_project(user=user, need=need, project_label=f"{locked.code} {locked.title}"[:200])
    audit_record(action="project.link_need", target=locked, user=user, changed_fields=["needs"],
                 detail={"need": need.pk})
    return link


@transaction.atomic
def project_unlink_need(*, user, project: Project, need: Need) -> None:
    """Take a need out of a draft; it returns to the needs list."""
    locked = _editable(user, project)
    link = ProjectNeed.objects.filter(project=locked, need=need, released=False).first()
    if link is None:
        raise ProjectError(_("That need is not linked to this project."))
    link.delete()
    need_from_project(user=user, need=need, reason=_("Taken out of project %(code)s") % {"code": locked.code})
    audit_record(action="project.unlink_need", target=locked, user=user, changed_fields=["needs"],
                 detail={"need": need.pk})


@transaction.atomic
def codesign_add(*, user, project: Project, kind: str, held_on: dt.date | None = None, meeting=None,
                 headcount: int | None = None, summary: str = "") -> CoDesignRecord:
    """Record residents taking part in designing the plan: a resident meeting of the unit, a comment round, or
    a sign-off list with its head-count."""
    locked = _editable(user, project)
    if kind == CoDesignKind.MEETING:
        if meeting is None:
            raise ValidationError({"meeting": _("Choose the resident meeting.")})
        if not _within(locked, meeting.community_id) or not access.can(user, "meeting.view", meeting):
            raise ValidationError({"meeting": _("Choose a meeting of the project's own community (or, for a "
                                                "street, of its communities).")})
        if not meeting.has_taken_place:
            raise ValidationError({"meeting": _("That meeting has not taken place yet.")})
        held_on = meeting.held_on
        headcount = headcount or meeting.residents_count or None
    else:
        meeting = None
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date.")})
    if held_on > timezone.localdate() or held_on < EARLIEST:
        raise ValidationError({"held_on": _("The date must be a day that has passed (from %(date)s on).")
                               % {"date": EARLIEST.isoformat()}})
    if kind == CoDesignKind.SIGN_OFF and not headcount:
        raise ValidationError({"headcount": _("Give how many residents signed.")})
    record = CoDesignRecord(project=locked, kind=kind, meeting=meeting, held_on=held_on, headcount=headcount,
                            summary=summary.strip(), recorded_by=user)
    record.full_clean(exclude=["project", "recorded_by"])
    record.save()
    audit_record(action="project.codesign", target=locked, user=user, changed_fields=["codesign_records"],
                 detail={"record": record.pk, "kind": kind})
    return record


@transaction.atomic
def codesign_remove(*, user, project: Project, record: CoDesignRecord) -> None:
    locked = _editable(user, project)
    if record.project_id != locked.pk:
        raise ProjectError(_("That record belongs to another project."))
    record.delete()
    audit_record(action="project.codesign_remove", target=locked, user=user, changed_fields=["codesign_records"])


# The view action of each kind of participant's registry record: the user must see the record to add it.
PARTY_VIEW = {ParticipantKind.ORGANIZATION: "organization.view", ParticipantKind.SOCIAL_WORKER: "social_worker.view",
              ParticipantKind.VOLUNTEER_TEAM: "volunteer_team.view", ParticipantKind.DONOR: "donor.view"}


@transaction.atomic
def participant_add(*, user, project: Project, kind: str, party, role: str = "") -> Participant:
    """One of the five societies taking part: a registry record the user may see."""
    locked = _editable(user, project)
    if kind not in PARTY_VIEW:
        raise ValidationError({"kind": _("Choose which society takes part.")})
    if party is None or not access.can(user, PARTY_VIEW[kind], party):
        raise ValidationError({Participant.FIELDS[kind]: _("Choose a record of the registry that you may see.")})
    participant = Participant(project=locked, kind=kind, role=role.strip(), added_by=user,
                              **{Participant.FIELDS[kind]: party})
    participant.full_clean(exclude=["project", "added_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise ValidationError({Participant.FIELDS[kind]: _("“%(name)s” already takes part.") % {"name": party}}) \
            from None
    audit_record(action="project.participant_add", target=locked, user=user, changed_fields=["participants"],
                 detail={"kind": kind, "id": party.pk})
    return participant


@transaction.atomic
def participant_remove(*, user, project: Project, participant: Participant) -> None:
    locked = _editable(user, project)
    if participant.project_id != locked.pk:
        raise ProjectError(_("That participant belongs to another project."))
    participant.delete()
    audit_record(action="project.participant_remove", target=locked, user=user, changed_fields=["participants"])

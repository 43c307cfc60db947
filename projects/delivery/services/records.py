"""Milestones, activity records (with their volunteers' hours as registry service entries) and reports."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from projects.models import Project
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.registry.volunteers.local_time import local_span
from wuse.registry.volunteers.services.entries import ServiceData, entries_record

from ..errors import DeliveryError
from ..files import attach, precheck
from ..models import MAX_PEOPLE, Activity, AttachmentKind, Milestone, Report, ReportKind, activity_ref
from .guards import locked_delivering, text

EARLIEST = dt.date(2000, 1, 1)
MAX_MILESTONES = 50


def _check_due(project: Project, due_on: dt.date) -> None:
    if due_on < EARLIEST:
        raise ValidationError({"due_on": _("Enter a real date.")})
    if project.period_end and due_on > project.period_end:
        raise ValidationError({"due_on": _("A milestone is due by the project's end (%(end)s), not after it.")
                               % {"end": project.period_end.isoformat()}})


@transaction.atomic
def milestone_create(*, user, project: Project, title: str, due_on: dt.date, progress: int = 0) -> Milestone:
    locked = locked_delivering(user, project)
    title = text(title, "title", limit=100)
    _check_due(locked, due_on)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if locked.milestones.count() >= MAX_MILESTONES:
        raise DeliveryError(_("A project keeps at most %(n)d milestones.") % {"n": MAX_MILESTONES})
    milestone = Milestone.objects.create(project=locked, title=title, due_on=due_on, progress=progress,
                                         created_by=user)
    audit_record(action="project.milestone_create", target=locked, user=user, changed_fields=["milestones"],
                 detail={"milestone": milestone.pk})
    return milestone


@transaction.atomic
def milestone_update(*, user, milestone: Milestone, progress: int, done_on: dt.date | None = None) -> Milestone:
    """Record the progress; a milestone is done (with its date) only at 100 %."""
    locked_delivering(user, milestone.project)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if done_on is not None and progress != 100:
        raise ValidationError({"done_on": _("A milestone is done only when its progress reaches 100.")})
    if done_on is not None and (done_on < EARLIEST or done_on > dt.date.today() + dt.timedelta(days=1)):
        raise ValidationError({"done_on": _("The date it was done cannot be in the future.")})
    changed = [f for f, v in (("progress", progress), ("done_on", done_on)) if getattr(milestone, f) != v]
    milestone.progress, milestone.done_on = progress, done_on
    milestone.save(update_fields=["progress", "done_on", "updated_at"])
    audit_record(action="project.milestone_update", target=milestone.project, user=user,
                 changed_fields=changed, detail={"milestone": milestone.pk})
    return milestone


@dataclass(frozen=True)
class ActivityData:
    held_on: dt.date
    place: str
    content: str
    headcount: int
    residents: int = 0
    names: str = ""
    community: Region | None = None  # a street's project: the community it took place in
    # The volunteers who served, and when (on ``held_on``): each gets a service entry in the registry.
    volunteers: tuple = ()
    starts: dt.time | None = None
    ends: dt.time | None = None


def _community(project: Project, chosen: Region | None) -> Region:
    if project.region.level == Level.COMMUNITY:
        return project.region
    low, high = project.linkable_units()
    if chosen is None or chosen.level != Level.COMMUNITY or not low <= chosen.code <= high:
        raise ValidationError({"community": _("Choose the community of %(unit)s where the activity took place.")
                               % {"unit": project.region.name}})
    return chosen


def _check_activity(project: Project, data: ActivityData) -> None:
    if data.held_on < EARLIEST or data.held_on > dt.date.today():
        raise ValidationError({"held_on": _("An activity is recorded after it took place: the date cannot be in "
                                            "the future.")})
    if project.period_start and data.held_on < project.period_start:
        raise ValidationError({"held_on": _("The project starts on %(start)s: the activity cannot be earlier.")
                               % {"start": project.period_start.isoformat()}})
    if not 1 <= data.headcount <= MAX_PEOPLE:
        raise ValidationError({"headcount": _("Enter how many people took part (1 to 100,000).")})
    if not 0 <= data.residents <= data.headcount:
        raise ValidationError({"residents": _("The residents taking part are at most the participants.")})


def _volunteer_hours(user, project: Project, activity: Activity, data: ActivityData) -> list:
    if not data.volunteers:
        return []
    if not access.can(user, "service_entry.create", activity.community):
        raise ValidationError({"volunteers": _("Volunteer hours are recorded by the staff of %(unit)s: record the "
                                               "activity without them and ask the community to add them.")
                               % {"unit": activity.community.name}})
    if data.starts is None or data.ends is None:
        raise ValidationError({"starts": _("Give the volunteers' start and end times.")})
    started_at, ended_at = local_span(data.held_on, data.starts, data.ends)
    organizer = str(project.undertaker or project.region.name)[:100]
    return entries_record(user=user, volunteers=list(data.volunteers), data=ServiceData(
        region=activity.community, started_at=started_at, ended_at=ended_at,
        content=f"{project.title}：{activity.content}"[:200], organizer=organizer, ref=activity_ref(activity.pk)))


@transaction.atomic
def activity_record(*, user, project: Project, data: ActivityData, photos=(), sign_in=None) -> Activity:
    """Record an activity; its volunteers' hours become service entries through the volunteers' own service
    (recorded there, verified there by someone else, credited to the time bank there)."""
    locked = locked_delivering(user, project)
    _check_activity(locked, data)
    uploads = [(AttachmentKind.PHOTO, upload, "photos") for upload in photos]
    uploads.append((AttachmentKind.SIGN_IN, sign_in, "sign_in"))
    precheck(uploads)
    activity = Activity.objects.create(
        project=locked, community=_community(locked, data.community), held_on=data.held_on,
        place=text(data.place, "place", limit=200), content=text(data.content, "content", limit=1000),
        headcount=data.headcount, residents=data.residents,
        names=text(data.names, "names", limit=2000, required=False), recorded_by=user)
    entries = _volunteer_hours(user, locked, activity, data)
    files = []
    for kind, upload, field in uploads:
        if upload is not None:
            try:
                files.append(attach(user=user, project=locked, kind=kind, upload=upload, activity=activity).pk)
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from None
    audit_record(action="project.activity_record", target=locked, user=user, changed_fields=["activities"],
                 detail={"activity": activity.pk, "service_entries": len(entries), "files": files})
    return activity


@transaction.atomic
def report_submit(*, user, project: Project, kind: str, text_: str, attachment=None) -> Report:
    locked = locked_delivering(user, project)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose the kind of report.")})
    body = text(text_, "text", limit=5000)
    precheck([(AttachmentKind.REPORT, attachment, "attachment")])
    try:
        with transaction.atomic():
            report = Report.objects.create(project=locked, kind=kind, text=body, submitted_by=user)
    except IntegrityError:
        raise ValidationError({"kind": _("The %(kind)s of this project was already submitted.")
                               % {"kind": ReportKind(kind).label}}) from None
    files = []
    if attachment is not None:
        try:
            files.append(attach(user=user, project=locked, kind=AttachmentKind.REPORT, upload=attachment,
                                report=report).pk)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
    audit_record(action="project.report_submit", target=locked, user=user, changed_fields=["reports"],
                 detail={"report": report.pk, "kind": kind, "files": files})
    return report


def check_may_deliver(user, project: Project) -> None:
    """For views: refuse before a form is even shown."""
    if not access.can(user, "project.deliver", project):
        raise PermissionDenied

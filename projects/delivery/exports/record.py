"""Export of one project's full record: one sheet per part of the project book, then the delivery's
(``delivery.py``), then the timeline. A fixed number of queries whatever the number of records; residents'
names are masked (the projects step has no action revealing them); audited.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from needs.models import Need
from needs.workflow import NEED_PROCESS
from projects.models import CoDesignRecord, Indicator, Participant, PlannedActivity, Project, ProjectNeed
from projects.workflow import PROJECT_PROCESS
from wuse.audit.services import audit_record
from wuse.privacy import mask_name
from wuse.spreadsheets import Sheet, money
from wuse.workflow.models import TransitionLog

from . import delivery
from .common import ProjectExport, filename, label, local, pairs, person, plural, yes_no

NEED_NO, PROPOSER = gettext_lazy("Need no."), gettext_lazy("Proposer")
PARTY = gettext_lazy("Name")
TITLE_IN_NAME = 30  # characters of the title in the file name
_OWN = object()  # the plan sheet's field shown as stored


def export_project(*, user, project: Project) -> ProjectExport:
    """``project`` (fetched through ``access.get_for_user``, so seen by ``user``) as a workbook."""
    sheets = [plan_sheet(project), _planned_activities(project), _indicators(project), delivery.budget_sheet(project),
              _needs(project), _codesign(project), _participants(project), *delivery.record_sheets(project),
              timeline_sheet(project)]
    audit_record(action="project.export_record", target=project, user=user, detail={"sheets": len(sheets)})
    name = filename(_("Service project"), project.code, project.title[:TITLE_IN_NAME])
    return ProjectExport(sheets=sheets, filename=name, count=1)


def plan_sheet(p: Project) -> Sheet:
    def field(name: str, value=_OWN):
        return label(Project, name), getattr(p, name) if value is _OWN else value

    rows = [
        field("code"), field("title"), field("region", p.region.name), (_("Division code"), p.region.code),
        field("year"), field("status", str(PROJECT_PROCESS.label(p.status))), field("vehicle", p.get_vehicle_display()),
        field("focus_area", p.get_focus_area_display()), field("linkage_mode", p.get_linkage_mode_display()),
        field("target_group"), field("planned_headcount"), field("period_start"), field("period_end"),
        field("total_budget", money(p.total_budget)), field("undertaker", p.undertaker.name if p.undertaker else ""),
        field("undertaken_at", local(p.undertaken_at)), field("approved_at", local(p.approved_at)),
        field("approved_by", person(p.approved_by)), field("created_by", person(p.created_by)),
        field("created_at", local(p.created_at)), field("copied_from", p.copied_from.code if p.copied_from else ""),
        field("background"), field("objectives"), field("risk_plan"), field("return_reason"),
        field("reject_reason"), field("suspend_reason"), field("terminate_reason"),
        field("funds_to_recover", money(p.funds_to_recover)),
    ]
    return pairs(_("Plan"), rows)


def _planned_activities(p: Project) -> Sheet:
    rows = PlannedActivity.objects.filter(project=p).order_by("starts_on", "position", "id")
    return Sheet(name=plural(PlannedActivity),
                 headers=[label(PlannedActivity, f) for f in ("title", "starts_on", "ends_on", "place", "description")],
                 rows=[[a.title, a.starts_on, a.ends_on, a.place, a.description] for a in rows])


def _indicators(p: Project) -> Sheet:
    rows = Indicator.objects.filter(project=p).order_by("kind", "position", "id")
    return Sheet(name=plural(Indicator),
                 headers=[label(Indicator, f) for f in ("kind", "name", "target_value", "unit")],
                 rows=[[i.get_kind_display(), i.name, i.target_value, i.unit] for i in rows])


_NEED_FIELDS = ("id", "released", "linked_at", "need__id", "need__title", "need__status", "need__proposer_anonymous",
                "need__proposer_name", "need__community__name", "need__category__name", "need__category__name_en")


def _needs(p: Project) -> Sheet:
    links = (ProjectNeed.objects.filter(project=p).select_related("need__community", "need__category")
             .only(*_NEED_FIELDS).order_by("released", "id"))
    headers = [str(NEED_NO), label(Need, "title"), label(Need, "community"), label(Need, "category"),
               label(Need, "status"), str(PROPOSER), label(ProjectNeed, "released"), label(ProjectNeed, "linked_at")]
    return Sheet(name=_("Needs"), headers=headers, rows=[_need_row(link) for link in links])


def _need_row(link: ProjectNeed) -> list:
    need = link.need
    proposer = "" if need.proposer_anonymous else mask_name(need.proposer_name)
    return [need.pk, need.title, need.community.name, need.category.label, str(NEED_PROCESS.label(need.status)),
            proposer, yes_no(link.released), local(link.linked_at)]


def _codesign(p: Project) -> Sheet:
    rows = (CoDesignRecord.objects.filter(project=p).select_related("meeting", "recorded_by")
            .order_by("held_on", "id"))
    fields = ("held_on", "kind", "meeting", "headcount", "summary")
    headers = [*(label(CoDesignRecord, f) for f in fields), capfirst(_("recorded by")), label(CoDesignRecord,
                                                                                          "recorded_at")]
    return Sheet(name=plural(CoDesignRecord), headers=headers, rows=[[
        r.held_on, r.get_kind_display(), str(r.meeting) if r.meeting_id else "", r.headcount, r.summary,
        person(r.recorded_by), local(r.recorded_at)] for r in rows])


def _participants(p: Project) -> Sheet:
    # A person's name (a social worker, an individual donor) comes masked from the registry's own ``__str__``.
    rows = (Participant.objects.filter(project=p)
            .select_related("organization", "social_worker__person", "volunteer_team", "donor").order_by("kind", "id"))
    headers = [label(Participant, "kind"), str(PARTY), label(Participant, "role"), label(Participant, "added_at")]
    return Sheet(name=plural(Participant), headers=headers,
                 rows=[[r.get_kind_display(), str(r.party), r.role, local(r.added_at)] for r in rows])


def timeline_sheet(p: Project) -> Sheet:
    fields = ("at", "user", "transition", "from_state", "to_state", "reason")
    started = [local(p.created_at), person(p.created_by), _("Project started"), "", str(PROJECT_PROCESS.label(
        PROJECT_PROCESS.initial)), ""]
    steps = [[local(s.at), person(s.user), str(s.transition_label), str(PROJECT_PROCESS.label(s.from_state)),
              str(PROJECT_PROCESS.label(s.to_state)), s.reason] for s in TransitionLog.objects.timeline(p)]
    return Sheet(name=_("Timeline"), headers=[label(TransitionLog, f) for f in fields], rows=[started, *steps])

"""Every write to meetings: one function per action, guard → change → audit, in a transaction."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from needs import services as need_services
from needs.models import Need
from needs.workflow import MERGED
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.errors import ConflictError, DomainError
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .models import LinkRole, Meeting, MeetingNeed, MeetingRepresentative

# The fields staff fill in on the meeting form (create and edit).
EDITABLE_FIELDS = ("kind", "held_on", "place", "residents_count", "minutes", "decisions")
# Audited actions that change a meeting's version (what a stale edit form would overwrite).
VERSIONED_ACTIONS = ("meeting.change", "meeting.representative_add", "meeting.representative_remove")
MAX_REPRESENTATIVES = 50


class MeetingError(DomainError):
    """A refused meeting action; the message says why, in the user's language."""


class MeetingConflict(MeetingError, ConflictError):
    """Someone else saved the meeting since the form was opened; ``changed`` names their fields."""


@dataclass(frozen=True)
class Representative:
    society: str
    name: str = ""
    count: int = 1

    def as_tuple(self) -> tuple[str, str, int]:
        return (self.society, " ".join(self.name.split()), self.count)


def _new_representatives(meeting: Meeting, representatives) -> list[MeetingRepresentative]:
    rows = [MeetingRepresentative(meeting=meeting, society=society, name=name, count=count)
            for society, name, count in (r.as_tuple() for r in representatives)]
    if len(rows) > MAX_REPRESENTATIVES:
        raise ValidationError(_("A meeting records at most %(n)d lines of representatives.")
                              % {"n": MAX_REPRESENTATIVES})
    for row in rows:
        row.full_clean(exclude=["meeting"])
    return rows


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _bump(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1, updated_at=timezone.now())
    meeting.version += 1


@transaction.atomic
def meeting_create(*, user, community: Region, representatives=(), **fields) -> Meeting:
    """Record a meeting of one community, with the representatives of the five societies who came."""
    if community.level != Level.COMMUNITY:
        raise PermissionDenied(_("A meeting belongs to a community."))
    meeting = Meeting(community=community, created_by=user, **{k: v for k, v in fields.items()
                                                               if k in EDITABLE_FIELDS})
    if not access.can(user, "meeting.create", meeting):
        raise PermissionDenied(_("You may not record meetings for this community."))
    meeting.full_clean()
    rows = _new_representatives(meeting, representatives)
    meeting.save()
    MeetingRepresentative.objects.bulk_create(rows)
    audit_record(action="meeting.create", target=meeting, user=user, changed_fields=[
        "community", *(k for k in EDITABLE_FIELDS if k in fields and fields[k] not in ("", None)),
        *(["representatives"] if rows else [])])
    return meeting


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, version: int, representatives=None, **fields) -> Meeting:
    """Save edits made on ``version``; refuse if the meeting changed since (no silent overwrite).

    ``representatives`` (when given) is the whole new list and replaces the stored one.
    """
    locked = _lock(meeting)
    if not access.can(user, "meeting.change", locked):
        raise PermissionDenied(_("You may not edit this meeting."))
    if locked.version != version:
        raise MeetingConflict(_("This meeting was changed by someone else while you were editing it."),
                              changed=_changed_since(locked, version))
    changed = [f for f in EDITABLE_FIELDS if f in fields and getattr(locked, f) != fields[f]]
    for f in changed:
        setattr(locked, f, fields[f])
    locked.full_clean()
    if "held_on" in changed and not locked.has_taken_place and locked.need_links.filter(role=LinkRole.RAISED).exists():
        raise ValidationError({"held_on": _("Needs were raised at this meeting, so it has taken place: its date "
                                            "cannot be in the future.")})
    rows = None
    if representatives is not None:
        rows = _new_representatives(locked, representatives)
        stored = [r.as_tuple() for r in locked.representatives.order_by("id")]
        if [r.as_tuple() for r in rows] != stored:
            changed.append("representatives")
        else:
            rows = None
    if not changed:
        return locked
    if rows is not None:
        locked.representatives.all().delete()
        MeetingRepresentative.objects.bulk_create(rows)
    locked.save(update_fields=[f for f in changed if f != "representatives"] + locked.touch())
    audit_record(action="meeting.change", target=locked, changed_fields=changed, user=user)
    return locked


def _changed_since(meeting: Meeting, version: int) -> list[str]:
    """Field names changed by others since ``version`` (from the audit log: names only, never values)."""
    from wuse.audit.models import AuditEntry

    rows = (AuditEntry.objects.filter(object_type=Meeting._meta.label_lower, object_id=str(meeting.pk),
                                      action__in=VERSIONED_ACTIONS, outcome="success")
            .order_by("-id").values_list("changed_fields", flat=True))
    names: list[str] = []
    for fields in rows[: max(meeting.version - version, 0)]:
        names.extend(f for f in fields if f not in names)
    return names


@transaction.atomic
def meeting_delete(*, user, meeting: Meeting) -> None:
    """Delete a meeting recorded by mistake; refused while needs are linked to it (say which)."""
    locked = _lock(meeting)
    if not access.can(user, "meeting.delete", locked):
        raise PermissionDenied(_("You may not delete this meeting."))
    titles = list(Need.objects.filter(meeting_links__meeting=locked).order_by("meeting_links__id")
                  .values_list("title", flat=True)[:6])
    if titles:
        total = locked.need_links.count()
        shown = "、".join(f"“{t}”" for t in titles[:5]) + ("…" if total > 5 else "")
        raise MeetingError(ngettext(
            "This meeting cannot be deleted: %(n)d need is linked to it (%(titles)s). Unlink it first.",
            "This meeting cannot be deleted: %(n)d needs are linked to it (%(titles)s). Unlink them first.",
            total) % {"n": total, "titles": shown})
    audit_record(action="meeting.delete", target=locked, user=user, detail={"community": locked.community_id})
    locked.delete()


@transaction.atomic
def representative_add(*, user, meeting: Meeting, society: str, name: str = "", count: int = 1
                       ) -> MeetingRepresentative:
    locked = _lock(meeting)
    if not access.can(user, "meeting.change", locked):
        raise PermissionDenied(_("You may not edit this meeting."))
    if locked.representatives.count() >= MAX_REPRESENTATIVES:
        raise MeetingError(_("A meeting records at most %(n)d lines of representatives.")
                           % {"n": MAX_REPRESENTATIVES})
    [row] = _new_representatives(locked, [Representative(society=society, name=name, count=count)])
    row.save()
    _bump(locked)
    audit_record(action="meeting.representative_add", target=locked, changed_fields=["representatives"],
                 user=user, detail={"representative": row.pk})
    return row


@transaction.atomic
def representative_remove(*, user, representative: MeetingRepresentative) -> None:
    locked = _lock(representative.meeting)
    if not access.can(user, "meeting.change", locked):
        raise PermissionDenied(_("You may not edit this meeting."))
    deleted, _rows = MeetingRepresentative.objects.filter(pk=representative.pk, meeting=locked).delete()
    if not deleted:
        raise MeetingError(_("This representative was already removed."))
    _bump(locked)
    audit_record(action="meeting.representative_remove", target=locked, changed_fields=["representatives"],
                 user=user, detail={"representative": representative.pk})


def _check_may_link(user, meeting: Meeting, role: str) -> None:
    if not access.can(user, "meeting.link_need", meeting):
        raise PermissionDenied(_("You may not link needs to this meeting."))
    if role not in LinkRole.values:
        raise MeetingError(_("Say whether the need was raised or discussed at the meeting."))
    if role == LinkRole.RAISED and not meeting.has_taken_place:
        raise MeetingError(_("A need can be raised at a meeting only once the meeting has taken place."))


def _link(*, user, meeting: Meeting, need: Need, role: str, note: str, action: str) -> MeetingNeed:
    link = MeetingNeed(meeting=meeting, need=need, role=role, note=" ".join(note.split()), linked_by=user)
    link.full_clean(exclude=["meeting", "need", "linked_by"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:  # linked by a colleague a moment ago
        raise MeetingError(_("“%(title)s” is already linked to this meeting.") % {"title": need.title}) from None
    audit_record(action=action, target=meeting, changed_fields=["needs"], user=user,
                 detail={"need": need.pk, "role": role})
    return link


@transaction.atomic
def need_link(*, user, meeting: Meeting, need: Need, role: str = LinkRole.DISCUSSED, note: str = "") -> MeetingNeed:
    """Record that an existing need of the community was raised or discussed at the meeting."""
    _check_may_link(user, meeting, role)
    need = Need.objects.get(pk=need.pk)  # its status now, not when the page was opened
    if need.community_id != meeting.community_id:
        raise MeetingError(_("Only needs of the meeting's own community can be linked to it."))
    if not access.can(user, "need.view", need):
        raise PermissionDenied(_("You may not see this need."))
    if need.status == MERGED:
        raise MeetingError(_("“%(title)s” was merged into another need; link that one instead.")
                           % {"title": need.title})
    if MeetingNeed.objects.filter(meeting=meeting, need=need).exists():
        raise MeetingError(_("“%(title)s” is already linked to this meeting.") % {"title": need.title})
    return _link(user=user, meeting=meeting, need=need, role=role, note=note, action="meeting.link_need")


@transaction.atomic
def need_unlink(*, user, link: MeetingNeed) -> None:
    if not access.can(user, "meeting.link_need", link.meeting):
        raise PermissionDenied(_("You may not link needs to this meeting."))
    deleted, _rows = MeetingNeed.objects.filter(pk=link.pk).delete()
    if not deleted:
        raise MeetingError(_("This need was already unlinked."))
    audit_record(action="meeting.unlink_need", target=link.meeting, changed_fields=["needs"], user=user,
                 detail={"need": link.need_id, "role": link.role})


@transaction.atomic
def meeting_raise_need(*, user, meeting: Meeting, title: str, note: str = "", **need_fields) -> MeetingNeed:
    """Register a need a resident raised at the meeting (source channel: the meeting's kind) and link it
    as "raised". One transaction: if the need cannot be registered, nothing is left behind."""
    _check_may_link(user, meeting, LinkRole.RAISED)
    need = need_services.need_create(user=user, community=meeting.community, title=" ".join(title.split()),
                                     **{**need_fields, "channel": meeting.need_channel})
    return _link(user=user, meeting=meeting, need=need, role=LinkRole.RAISED, note=note,
                 action="meeting.raise_need")

"""Every write to needs: one function per action, guard → change → audit, in a transaction."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.errors import ConflictError
from wuse.regions.levels import Level
from wuse.regions.models import Region
from wuse.workflow.services import TransitionError, transition_apply

from ..models import Need, NeedSupport
from ..workflow import ACTIVE_STATES, NEED_PROCESS

# The fields staff fill in on the need form (create and edit).
EDITABLE_FIELDS = ("title", "description", "category", "channel", "affected_group", "headcount", "urgency",
                   "location", "response_deadline", "assignee")


@dataclass(frozen=True)
class Proposer:
    """Who raised the need. ``phone``/``id_number`` are normalized and validated by the form;
    on edit, ``None`` keeps what is stored (staff never have to see it to edit the rest)."""

    anonymous: bool = False
    name: str = ""
    phone: str | None = ""
    id_number: str | None = ""


@dataclass(frozen=True)
class Sensitive:
    kind: str = ""
    notes: str = ""
    basis: str = ""
    basis_note: str = ""

    def __bool__(self) -> bool:
        return bool(self.kind or self.notes)


PROPOSER_FIELDS = ["proposer_anonymous", "proposer_name", "proposer_phone", "proposer_id_number"]
SENSITIVE_FIELDS = ["sensitive_kind", "sensitive_notes", "sensitive_basis", "sensitive_basis_note"]


def _apply_proposer(need: Need, proposer: Proposer) -> list[str]:
    before = (need.proposer_anonymous, need.proposer_name, need.proposer_phone, need.proposer_id_number)
    if proposer.anonymous:
        need.proposer_anonymous, need.proposer_name = True, ""
        need.set_proposer_contact(phone="", id_number="")
    else:
        need.proposer_anonymous, need.proposer_name = False, proposer.name.strip()
        need.set_proposer_contact(
            phone=need.proposer_phone if proposer.phone is None else proposer.phone,
            id_number=need.proposer_id_number if proposer.id_number is None else proposer.id_number)
    after = (need.proposer_anonymous, need.proposer_name, need.proposer_phone, need.proposer_id_number)
    return [name for name, old, new in zip(PROPOSER_FIELDS, before, after, strict=True) if old != new]


def _apply_sensitive(need: Need, sensitive: Sensitive, user) -> list[str]:
    if sensitive and not sensitive.kind:
        raise ValidationError({"sensitive_kind": _("Say what kind of sensitive information the notes hold.")})
    if sensitive and not sensitive.basis:
        raise ValidationError({"sensitive_basis": _(
            "Sensitive information can only be saved with the resident's separate consent or a statutory "
            "basis; record which.")})
    values = (sensitive.kind, sensitive.notes.strip(), sensitive.basis if sensitive else "",
              sensitive.basis_note.strip() if sensitive else "")
    changed = [f for f, v in zip(SENSITIVE_FIELDS, values, strict=True) if getattr(need, f) != v]
    if changed:
        for f, v in zip(SENSITIVE_FIELDS, values, strict=True):
            setattr(need, f, v)
        need.sensitive_recorded_by, need.sensitive_recorded_at = (user, timezone.now()) if sensitive else (None, None)
    return changed


class NeedConflict(ConflictError):
    """Someone else saved the need since the form was opened; ``changed`` names their fields."""


def _check_deadline(need: Need) -> None:
    created = timezone.localtime(need.created_at).date()
    if need.response_deadline and need.response_deadline < created:
        raise ValidationError({"response_deadline": _("The answer date cannot be before the day the need was "
                                                      "registered (%(date)s).") % {"date": created.isoformat()}})


@transaction.atomic
def need_create(*, user, community: Region, title: str, proposer: Proposer | None = None,
                sensitive: Sensitive | None = None, **fields) -> Need:
    """Register a need; the answer date defaults to the category's number of days."""
    if community.level != Level.COMMUNITY:
        raise PermissionDenied(_("A need belongs to a community."))
    need = Need(community=community, title=title, created_by=user,
                **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    if not access.can(user, "need.create", need):
        raise PermissionDenied(_("You may not register needs for this community."))
    if need.response_deadline is None:
        need.response_deadline = need.default_deadline()
    _check_deadline(need)
    personal = _apply_proposer(need, proposer or Proposer()) + _apply_sensitive(need, sensitive or Sensitive(), user)
    need.full_clean()
    need.save()
    audit_record(action="need.create", target=need, user=user, changed_fields=[
        "community", "title", *(k for k, v in fields.items() if k in EDITABLE_FIELDS and v), *personal])
    return need


@transaction.atomic
def need_update(*, user, need: Need, version: int, proposer: Proposer | None = None,
                sensitive: Sensitive | None = None, **fields) -> Need:
    """Save edits made on ``version``; refuse if the need changed since (no silent overwrite)."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if not access.can(user, "need.change", locked):
        raise PermissionDenied(_("You may not edit this need."))
    if locked.version != version:
        raise NeedConflict(_("This need was changed by someone else while you were editing it."),
                           changed=_changed_since(locked, version))
    changed = [f for f in EDITABLE_FIELDS if f in fields and getattr(locked, f) != fields[f]]
    for f in changed:
        setattr(locked, f, fields[f])
    if proposer is not None:
        changed += _apply_proposer(locked, proposer)
    if sensitive is not None and access.can(user, "need.view_sensitive", locked):
        changed += _apply_sensitive(locked, sensitive, user)
    derived = {"proposer_phone": "proposer_phone_index", "proposer_id_number": "proposer_id_index"}
    extra = [derived[f] for f in changed if f in derived]
    if any(f in SENSITIVE_FIELDS for f in changed):
        extra += ["sensitive_recorded_by", "sensitive_recorded_at"]
    _check_deadline(locked)
    locked.full_clean()
    locked.save(update_fields=[*changed, *extra, *locked.touch()])
    audit_record(action="need.change", target=locked, changed_fields=changed, user=user)
    return locked


def need_reveal(*, user, need: Need) -> dict[str, str]:
    """Show a need's personal data in full to a role that needs it; the read is audited (names only)."""
    revealed: dict[str, str] = {}
    if access.can(user, "need.reveal_pii", need) and not need.proposer_anonymous:
        revealed.update(name=need.proposer_name, phone=need.proposer_phone, id_number=need.proposer_id_number)
    if access.can(user, "need.view_sensitive", need) and need.has_sensitive:
        revealed.update(sensitive_notes=need.sensitive_notes)
    if not revealed:
        raise PermissionDenied(_("There is nothing here you may reveal."))
    fields = [f for f, v in revealed.items() if v]
    audit_record(action="need.reveal", target=need, changed_fields=fields, user=user)
    return revealed


def _changed_since(need: Need, version: int) -> list[str]:
    """Field names changed by others since ``version`` (from the audit log: names only, never values)."""
    from wuse.audit.models import AuditEntry

    rows = AuditEntry.objects.filter(object_type="needs.need", object_id=str(need.pk),
                                     action__in=["need.change"] + [f"need.{t.name}" for t in NEED_PROCESS.transitions],
                                     outcome="success").order_by("-id").values_list("changed_fields", flat=True)
    names: list[str] = []
    for fields in rows[: max(need.version - version, 0)]:
        names.extend(f for f in fields if f not in names)
    return names


def need_transition(*, user, need: Need, name: str, reason: str = "") -> Need:
    """Fire a manual transition from the need's page (verify, list, refer, resolve, reject, close)."""
    return transition_apply(process=NEED_PROCESS, obj=need, name=name, user=user, reason=reason, manual_only=True)


def need_merge(*, user, need: Need, into: Need, reason: str = "") -> Need:
    """Merge a duplicate into another need of the same community: both histories stay, support adds up
    (the checks and the moved support are declared on the ``merge`` transition)."""
    merged = transition_apply(process=NEED_PROCESS, obj=need, name="merge", user=user,
                              reason=reason or _("Duplicate of #%(id)s") % {"id": into.pk},
                              data={"merged_into": into})
    into.refresh_from_db()
    return merged


@transaction.atomic
def need_support_add(*, user, need: Need, residents: int = 1, names: str = "", note: str = "") -> NeedSupport:
    """Record more residents backing a need (a duplicate entered as support, or a petition)."""
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if not access.can(user, "need.support", locked):
        raise PermissionDenied(_("You may not record support for this need."))
    if locked.status not in ACTIVE_STATES:
        raise TransitionError(_("The need is “%(state)s”; support can no longer be added.")
                              % {"state": locked.status_label})
    support = NeedSupport(need=locked, residents=residents, names=names.strip(), note=note.strip(), added_by=user)
    support.full_clean()
    support.save()
    Need.objects.filter(pk=locked.pk).update(support_count=F("support_count") + residents,
                                             version=F("version") + 1, updated_at=timezone.now())
    audit_record(action="need.support", target=locked, changed_fields=["support_count"], user=user)
    return support


def need_follow_up(*, user, need: Need, satisfaction: int, note: str = "") -> Need:
    """The resident was told the outcome; record how satisfied they are (回访)."""
    return transition_apply(process=NEED_PROCESS, obj=need, name="follow_up", user=user, reason=note,
                            data={"satisfaction": satisfaction})


def need_to_project(*, user, need: Need, project_label: str) -> Need:
    """Called by the projects step when a listed need becomes (part of) a service project."""
    return transition_apply(process=NEED_PROCESS, obj=need, name="to_project", user=user, reason=project_label)


def need_from_project(*, user, need: Need, reason: str) -> Need:
    """Called by the projects step when the project a need was in ends before delivery: listed again."""
    return transition_apply(process=NEED_PROCESS, obj=need, name="from_project", user=user, reason=reason)

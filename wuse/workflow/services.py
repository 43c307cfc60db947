from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.models import Outcome
from wuse.audit.services import audit_record

from .models import TransitionLog
from .process import Process, Transition


class TransitionError(Exception):
    """A transition that cannot be applied; the message is for the user."""


def available_transitions(process: Process, obj: models.Model, user) -> list[Transition]:
    """The transitions the user may fire on ``obj`` now: what the UI shows as buttons."""
    state = getattr(obj, process.state_field)
    return [t for t in process.transitions_from(state) if t.manual and access.can(user, t.action, obj)]


def transition_apply(*, process: Process, obj: models.Model, name: str, user, reason: str = "",
                     changes: dict | None = None, guard=None, manual_only: bool = False):
    """Fire transition ``name`` on ``obj`` as ``user``; returns the updated object.

    Inside one transaction: lock the row, check the current state and the user's
    right (and ``guard(locked_obj)``, which may raise TransitionError), change the
    state and the fields in ``changes``, log the change and the audit row, and
    queue the transition's side effects for after the commit. A refused attempt
    changes nothing and leaves a "denied" audit row. ``manual_only`` refuses the transitions
    that other steps fire (what a page may offer is what ``available_transitions`` returns).
    """
    try:
        transition = process.transition(name)
    except KeyError:
        raise TransitionError(_("Unknown action “%(name)s”.") % {"name": name}) from None
    reason = (reason or "").strip()
    if manual_only and not transition.manual:
        raise TransitionError(_("This action is not taken from here."))
    try:
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, process.state_field)
            _guard(process, transition, locked, current, user, reason)
            if guard is not None:
                guard(locked)
            _apply(process, transition, locked, current, user, reason, changes or {})
    except (TransitionError, PermissionDenied) as exc:
        audit_record(action=f"{process.key}.{name}", target=obj, outcome=Outcome.DENIED, user=user,
                     detail={"reason": str(exc)})
        raise
    return locked


def _guard(process, transition, obj, current, user, reason) -> None:
    if current not in transition.sources:
        raise TransitionError(_("Cannot “%(action)s”: the record is now “%(state)s”. Reload the page to see "
                                "what changed.") % {"action": transition.label, "state": process.label(current)})
    if not access.can(user, transition.action, obj):
        raise PermissionDenied(_("You may not “%(action)s” this record.") % {"action": transition.label})
    if transition.reason_required and not reason:
        raise TransitionError(_("Please give a reason for “%(action)s”.") % {"action": transition.label})


def _apply(process, transition, obj, current, user, reason, changes) -> None:
    setattr(obj, process.state_field, transition.target)
    for field, value in changes.items():
        setattr(obj, field, value)
    fields = [process.state_field, *changes]
    if hasattr(obj, "version"):
        obj.version += 1
        fields.append("version")
    if hasattr(obj, "updated_at"):
        fields.append("updated_at")
    obj.save(update_fields=fields)
    TransitionLog.objects.create(
        content_type_id=_content_type_id(obj), object_id=str(obj.pk), process=process.key,
        transition=transition.name, from_state=current, to_state=transition.target, user=user, reason=reason,
    )
    audit_record(action=f"{process.key}.{transition.name}", target=obj, changed_fields=[process.state_field, *changes],
                 user=user, detail={"from": current, "to": transition.target})
    for effect in transition.on_commit:
        transaction.on_commit(partial(effect, obj.pk))


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk

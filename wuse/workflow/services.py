"""Applying a process's transitions: the one path every status change takes.

lock the row → check the state, the user's right (through the access layer, reach included), the
reason, the data and the transition's guards and checks → pick the target (routes) → change the
state and run the effects → save → timeline (``TransitionLog``) → audit row → side effects queued
for after the commit. A refusal changes nothing and leaves a "denied" audit row.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.models import Outcome
from wuse.audit.services import audit_record
from wuse.core.errors import DomainError

from .models import TransitionLog
from .process import Process, Transition, TransitionError

__all__ = ["Option", "Step", "TransitionError", "assign", "available_transitions", "transition_apply",
           "transition_options"]


@dataclass
class Step:
    """One firing of a transition, as its guards, checks, routes and effects see it.

    ``obj`` is the locked row (on a page's preview: the object as the page has it, ``preview`` set);
    ``data`` what the caller supplied (the caller's own dict: an effect may leave a result there for it);
    ``target`` the state it goes to once routed.
    """

    process: Process
    transition: Transition
    obj: models.Model
    user: Any
    reason: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    from_state: str = ""
    target: str = ""
    preview: bool = False
    changed: list[str] = field(default_factory=list)

    def set(self, **fields) -> None:
        """Set fields of the object; they are saved and audited with the state change."""
        for name, value in fields.items():
            setattr(self.obj, name, value)
            if name not in self.changed:
                self.changed.append(name)

    def refuse(self, message) -> None:
        """Refuse the transition with ``message`` (for the user), in the process's own error type."""
        raise self.process.error(str(message))


def assign(*names: str):
    """An effect that copies ``data[name]`` onto the object's field of the same name, for each name."""

    def effect(step: Step) -> None:
        step.set(**{name: step.data[name] for name in names})

    effect.__name__ = f"assign_{'_'.join(names)}"
    return effect


@dataclass(frozen=True)
class Option:
    """A transition a page may show: ``reason`` says why it is blocked now (None: it may be fired)."""

    transition: Transition
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.reason is None

    def __getattr__(self, name):  # templates read option.label, option.name, option.style…
        return getattr(self.transition, name)


def _blocked_by(checks, step: Step) -> str | None:
    for check in checks:
        try:
            reason = check(step)
        except DomainError as exc:
            return str(exc)
        if reason:
            return str(reason)
    return None


def transition_options(process: Process, obj: models.Model, user) -> list[Option]:
    """The manual transitions from ``obj``'s state that the user holds the right for, each with the reason
    a guard blocks it now (or None). Buttons for the allowed ones, disabled buttons with the reason for the
    others; what the user has no right to is not shown at all."""
    state = process.state_of(obj)
    options = []
    for transition in process.transitions_from(state):
        if not transition.manual or not access.can(user, transition.action, obj):
            continue
        step = Step(process, transition, obj, user, from_state=state, preview=True)
        options.append(Option(transition, _blocked_by(transition.guards, step)))
    return options


def available_transitions(process: Process, obj: models.Model, user) -> list[Transition]:
    """The transitions the user may fire on ``obj`` now."""
    return [option.transition for option in transition_options(process, obj, user) if option.allowed]


def transition_apply(*, process: Process, obj: models.Model, name: str, user, reason: str = "",
                     data: Mapping[str, Any] | None = None, manual_only: bool = False):
    """Fire transition ``name`` on ``obj`` as ``user`` with ``data``; returns the updated (locked) object.

    Refusals raise ``process.error`` (a ``DomainError``) or ``PermissionDenied``, change nothing and leave
    a "denied" audit row. ``manual_only`` refuses the transitions a page does not offer (what a page may
    fire is what ``transition_options`` shows).
    """
    try:
        transition = process.transition(name)
    except KeyError:
        raise process.error(_("Unknown action “%(name)s”.") % {"name": name}) from None
    reason = (reason or "").strip()
    if manual_only and not transition.manual:
        raise process.error(_("This action is not taken from here."))
    try:
        with transaction.atomic():
            locked = process.lock(obj) if process.lock else type(obj)._default_manager.select_for_update().get(
                pk=obj.pk)
            step = Step(process, transition, locked, user, reason, data if data is not None else {},
                        process.state_of(locked))
            _check(step)
            step.target = next((r.target for r in transition.routes if r.when(step)), transition.target)
            _apply(step)
    except (DomainError, PermissionDenied, ValidationError) as exc:
        audit_record(action=f"{process.key}.{name}", target=obj, outcome=Outcome.DENIED, user=user,
                     detail={"reason": _message(exc)})
        raise
    return locked


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)[:500]
    return str(exc)[:500]


def _check(step: Step) -> None:
    process, transition, current = step.process, step.transition, step.from_state
    if current not in transition.sources:
        refusal = transition.refusals.get(current) or _(
            "Cannot “%(action)s”: the record is now “%(state)s”. Reload the page to see what changed.")
        step.refuse(str(refusal) % {"action": transition.label, "state": process.label(current)})
    if not access.can(step.user, transition.action, step.obj):
        raise PermissionDenied(_("You may not “%(action)s” this record.") % {"action": transition.label})
    if transition.reason_required and not step.reason:
        step.refuse(transition.reason_missing or _("Please give a reason for “%(action)s”.") % {
            "action": transition.label})
    missing = [key for key in transition.requires if step.data.get(key) in (None, "")]
    if missing:
        raise process.error(_("“%(action)s” needs: %(missing)s.") % {"action": transition.label,
                                                                     "missing": ", ".join(missing)})
    blocked = _blocked_by((*transition.guards, *transition.checks), step)
    if blocked:
        step.refuse(blocked)


def _apply(step: Step) -> None:
    process, transition, obj = step.process, step.transition, step.obj
    setattr(obj, process.state_field, step.target)
    for effect in transition.effects:
        effect(step)
    fields = [process.state_field, *step.changed]
    if hasattr(obj, "version"):
        obj.version += 1
        fields.append("version")
    if hasattr(obj, "updated_at"):
        fields.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(fields)))
    TransitionLog.objects.create(
        content_type_id=_content_type_id(obj), object_id=str(obj.pk), process=process.key,
        transition=transition.name, from_state=step.from_state, to_state=step.target, user=step.user,
        reason=step.reason,
    )
    audit_record(action=f"{process.key}.{transition.name}", target=obj, user=step.user,
                 changed_fields=[process.state_field, *step.changed],
                 detail={"from": step.from_state, "to": step.target})
    for effect in transition.on_commit:
        transaction.on_commit(partial(_after_commit, effect, obj.pk))


def _after_commit(effect, pk) -> None:
    if isinstance(effect, str):
        import_string(effect).delay(pk)
    else:
        effect(pk)


def _content_type_id(obj) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk

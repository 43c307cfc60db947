"""Processes declared as data: states, transitions, who may fire them, and what each one checks and does.

A step declares one ``Process`` per workflow in its ``workflow.py`` (e.g. ``needs/workflow.py``);
``wuse.workflow.services.transition_apply`` applies its transitions. Nothing here knows a step.

A ``Transition`` carries, besides its source and target states and the access action it needs:

- ``requires``: the keys of ``data`` the caller must supply (a merge target, an amount…);
- ``guards``: checks of the object and the user, ``guard(step) -> reason or None`` (or raising the
  process's error). They run on the locked row before anything changes, and also when a page asks
  ``transition_options`` what to offer: a blocked action is shown disabled with the guard's reason;
- ``checks``: the same, for the data the action carries; they run only when it is fired;
- ``routes``: ``Route(when, target)`` pairs; the first whose ``when(step)`` holds picks the target
  state instead of ``target`` (a budget over a threshold goes to the district, …);
- ``effects``: in-transaction work after the checks and before the save, ``effect(step)``: set fields
  with ``step.set(…)`` (they are saved and audited with the state) or write other rows;
- ``on_commit``: called with the object's pk after the transaction commits (never on rollback); a string
  names a Celery task (``"needs.tasks.need_rejected_notify"``) queued with the pk, so a workflow table
  need not import its tasks module;
- ``refusals``: what to tell the user when the record is in a state the transition does not start from
  (``{VERIFIED: _("This service is already verified.")}``), instead of the generic message; ``%(state)s``
  in it names the record's state (and ``%(action)s`` the transition), so a literal ``%`` is written ``%%``.

A ``State`` carries its ``tone`` (one of ``TONES``): how a badge shows it, declared with the state so that no
template decides colours from state codes; ``process.tone(code)`` reads it and the core's ``{% state_badge %}``
tag (``wuse.core.templatetags.wuse_tags``) renders it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from wuse.core.errors import DomainError

Reason = str | Promise | None


class TransitionError(DomainError):
    """A transition that cannot be applied; the message is for the user."""


# Guards, checks, route conditions and effects take the ``wuse.workflow.services.Step`` being fired.
Check = Callable[[Any], Reason]


# How a state looks on a badge: neutral (a plain starting point), info (waiting for someone), progress (moving on),
# success (done as hoped), warning (needs attention), danger (refused, rejected), muted (out of the way: merged…).
TONES = ("neutral", "info", "progress", "success", "warning", "danger", "muted")


@dataclass(frozen=True)
class State:
    code: str
    label: str | Promise
    tone: str = "neutral"

    def __post_init__(self):
        if self.tone not in TONES:
            raise ValueError(f"state {self.code!r}: unknown tone {self.tone!r} (one of {', '.join(TONES)})")


@dataclass(frozen=True)
class Route:
    """Go to ``target`` instead of the transition's own target when ``when(step)`` holds."""

    when: Callable[[Any], bool]
    target: str


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    action: str  # access-layer action the user must hold on the object
    reason_required: bool = False
    requires: tuple[str, ...] = ()
    guards: tuple[Check, ...] = ()
    checks: tuple[Check, ...] = ()
    routes: tuple[Route, ...] = ()
    effects: tuple[Callable[[Any], Any], ...] = ()
    # After the commit, with the object's pk: a callable, or the dotted path of a Celery task (``.delay(pk)``).
    on_commit: tuple[Callable[[Any], None] | str, ...] = field(default=())
    refusals: Mapping[str, str | Promise] = field(default_factory=dict)
    style: str = "primary"  # how the UI button looks: primary, secondary, danger
    manual: bool = True  # False: fired by a service (another step's, or with data), never offered as a button
    reason_label: str | Promise | None = None  # what the reason box asks for, when it is not a plain reason
    reason_missing: str | Promise | None = None  # the refusal without a reason, when not the kernel's own words
    confirm: str | Promise | None = None  # the question a page asks before firing it (destructive or public)

    @property
    def targets(self) -> tuple[str, ...]:
        """Every state this transition may lead to (its target and its routes')."""
        return (self.target, *(r.target for r in self.routes if r.target != self.target))


PROCESSES: dict[str, "Process"] = {}


@dataclass(frozen=True)
class Process:
    key: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    state_field: str = "status"
    # The exception refusals raise: ``TransitionError``, or a ``DomainError`` subclass of the step's own.
    error: type[DomainError] = TransitionError
    # How the kernel locks the object: ``lock(obj) -> the locked object``. Default: its own row alone. A process
    # whose effects change a parent row locks the parent first here, in the order every service uses.
    lock: Callable[[Any], Any] | None = None

    def __post_init__(self):
        codes = [s.code for s in self.states]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.key}: duplicate state codes")
        if self.initial not in codes:
            raise ValueError(f"{self.key}: initial state {self.initial!r} is not declared")
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.key}: duplicate transition names")
        for t in self.transitions:
            unknown = {*t.sources, *t.targets, *t.refusals} - set(codes)
            if unknown:
                raise ValueError(f"{self.key}.{t.name}: unknown state(s) {sorted(unknown)}")
            if set(t.refusals) & set(t.sources):
                raise ValueError(f"{self.key}.{t.name}: a refusal is declared for a state it starts from")
        PROCESSES[self.key] = self

    @property
    def choices(self) -> list[tuple[str, str | Promise]]:
        return [(s.code, s.label) for s in self.states]

    def label(self, code: str) -> str | Promise:
        return next((s.label for s in self.states if s.code == code), code)

    def tone(self, code: str) -> str:
        """The tone a badge shows for state ``code`` ("neutral" for a code the process does not declare)."""
        return next((s.tone for s in self.states if s.code == code), "neutral")

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def allows(self, name: str, obj_or_state) -> bool:
        """Whether transition ``name`` starts from the state of ``obj_or_state`` (an object or a state code):
        what a page asks instead of copying state lists."""
        state = obj_or_state if isinstance(obj_or_state, str) else self.state_of(obj_or_state)
        return state in self.transition(name).sources

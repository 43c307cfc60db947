"""Processes declared as data: states, transitions and who may fire them.

A step declares one ``Process`` per workflow (e.g. ``needs/workflow.py``); the
service in ``services.py`` applies its transitions. Nothing here knows a step.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class State:
    code: str
    label: str | Promise


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    action: str  # access-layer action the user must hold on the object
    reason_required: bool = False
    # Called with the object's pk after the transaction commits (never on rollback).
    on_commit: tuple[Callable[[int], None], ...] = field(default=())
    style: str = "primary"  # how the UI button looks: primary, secondary, danger
    manual: bool = True  # False: fired by another step's service, never offered as a button
    reason_label: str | Promise | None = None  # what the reason box asks for, when it is not a plain reason


PROCESSES: dict[str, "Process"] = {}


@dataclass(frozen=True)
class Process:
    key: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    state_field: str = "status"

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
            unknown = {*t.sources, t.target} - set(codes)
            if unknown:
                raise ValueError(f"{self.key}.{t.name}: unknown state(s) {sorted(unknown)}")
        PROCESSES[self.key] = self

    @property
    def choices(self) -> list[tuple[str, str | Promise]]:
        return [(s.code, s.label) for s in self.states]

    def label(self, code: str) -> str | Promise:
        return next((s.label for s in self.states if s.code == code), code)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

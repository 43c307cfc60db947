"""The core's template tags: ``{% load wuse_tags %}``.

- ``{% state_badge process obj_or_state [testid="…"] %}``: a record's state as a badge in the tone its process
  declares (``State(…, tone=…)``); ``process`` is a ``Process`` or its key (``"need"``), ``obj_or_state`` the
  record or a state code. The tone → Bootstrap class mapping is here, once; templates never pick colours
  from state codes.
- ``{{ options|action_groups }}``: a page's transition options grouped as ``includes/transitions.html`` shows
  them.
- ``{{ value|money }}`` (``70,000.00``) and ``{{ value|quantity }}`` (points, hours: ``49``, ``2.5``), in every
  language (``wuse.core.numbers``).
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from wuse.core import numbers
from wuse.workflow.process import PROCESSES, TONES, Process

register = template.Library()

# Bootstrap 5.3 classes per tone; each pairs its background with a text colour of sufficient contrast.
TONE_CLASSES = {
    "neutral": "text-bg-secondary",
    "info": "text-bg-info",
    "progress": "text-bg-primary",
    "success": "text-bg-success",
    "warning": "text-bg-warning",
    "danger": "text-bg-danger",
    "muted": "bg-body-secondary text-body-secondary border",
}
if set(TONE_CLASSES) != set(TONES):
    raise ImportError("every tone of wuse.workflow.process.TONES needs its badge classes")


def _process(process) -> Process:
    return process if isinstance(process, Process) else PROCESSES[str(process)]


# Badges drawn, per process, state and language: a list draws twenty of a handful of kinds.
_BADGES: dict[tuple[int, str, str], tuple[Process, str]] = {}


@register.simple_tag
def state_badge(process, obj_or_state, testid: str = ""):
    """The badge, built here rather than from an included template: it is drawn on every row of a list."""
    process = _process(process)
    state = obj_or_state if isinstance(obj_or_state, str) else process.state_of(obj_or_state)
    if not testid:
        key = (id(process), state, get_language())
        drawn = _BADGES.get(key)
        if drawn is None or drawn[0] is not process:  # the very process (a test may build one of the same key)
            drawn = _BADGES[key] = (process, _badge(process, state, ""))
        return drawn[1]
    return _badge(process, state, testid)


def _badge(process: Process, state: str, testid: str):
    tone = process.tone(state)
    testid_attr = format_html(' data-testid="{}"', testid) if testid else ""
    return format_html('<span class="badge wuse-status {}" data-tone="{}" data-state="{}"{}>{}</span>',
                       TONE_CLASSES[tone], tone, state, testid_attr, process.label(state))


@register.filter
def action_groups(options):
    """``transition_options``' list as ``includes/transitions.html`` shows it: the one-click actions, those
    that need a reason (each in its own box with its reason field), and the blocked ones."""
    options = list(options or ())
    return {"quick": [o for o in options if o.allowed and not o.reason_required],
            "with_reason": [o for o in options if o.allowed and o.reason_required],
            "blocked": [o for o in options if not o.allowed]}


@register.filter
def money(value):
    return numbers.money(value)


@register.filter
def quantity(value):
    return numbers.quantity(value)

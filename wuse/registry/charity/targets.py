"""What a donation can be allocated to: the steps declare their targets here (the core imports no step).

A step registers a model once, from its ``AppConfig.ready``::

    from wuse.registry.charity.targets import register_target

    register_target(Need, label_fn=lambda need: need.title, region_fn=lambda need: need.community_id,
                    view_action="need.view")

- ``label_fn(obj)``: the text the allocation keeps (``Allocation.target_label``), shown on pages;
- ``region_fn(obj)``: the 12-digit code of the target's unit: it must lie within the donation's
  receiving unit, and the allocation is filed under it;
- ``view_action``: the user allocating must be able to see the target (``access.can``);
- ``demo`` (optional): returns one of the step's demo records to allocate to in the demo, or None.

Targets are keyed by the model's ``app_label.model_name`` (``"needs.need"``), the key the
allocation form posts with the target's id.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.core.errors import DomainError


class TargetError(DomainError):
    """The posted target is unknown, missing or not visible to the user; the message says which."""


@dataclass(frozen=True)
class Target:
    key: str
    model: type[models.Model]
    label_fn: Callable[[models.Model], str]
    region_fn: Callable[[models.Model], str]
    view_action: str
    demo: Callable[[], models.Model | None] | None = None

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    def label(self, obj: models.Model) -> str:
        return str(self.label_fn(obj))[:200]

    def region_code(self, obj: models.Model) -> str:
        return str(self.region_fn(obj))

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)


TARGETS: dict[str, Target] = {}


def target_key(model) -> str:
    return model._meta.label_lower


def register_target(model, label_fn, region_fn, view_action: str, demo=None) -> Target:
    """Declare ``model`` as something donations can be allocated to (registering again replaces it)."""
    target = Target(target_key(model), model, label_fn, region_fn, view_action, demo)
    TARGETS[target.key] = target
    return target


def unregister_target(model) -> None:
    """For tests."""
    TARGETS.pop(target_key(model), None)


def demo_targets() -> list[tuple[Target, models.Model]]:
    """The demo records the steps offer for allocations, in the order of their keys."""
    found = []
    for key in sorted(TARGETS):
        target = TARGETS[key]
        obj = target.demo() if target.demo is not None else None
        if obj is not None:
            found.append((target, obj))
    return found


def target_choices() -> list[tuple[str, str]]:
    return [(key, target.verbose_name) for key, target in sorted(TARGETS.items())]


def target_for_key(key: str) -> Target:
    try:
        return TARGETS[key]
    except KeyError:
        raise TargetError(_("Donations cannot be allocated to this kind of target.")) from None


def resolve(user, key: str, pk) -> tuple[Target, models.Model]:
    """The registered target ``key`` #``pk`` if the user may see it (missing and invisible read the same)."""
    target = target_for_key(key)
    missing = TargetError(_("There is no %(kind)s no. %(id)s that you may see.")
                          % {"kind": target.verbose_name, "id": pk})
    try:
        obj = target.model._default_manager.get(pk=pk)
    except (target.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise missing from None
    if not access.can(user, target.view_action, obj):
        raise missing
    return target, obj


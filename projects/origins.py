"""Where a project came from: the round, list, vote or call of its vehicle (``Project.vehicle``).

A vehicle's sub-app (``projects/venture``, ``cobuild``, ``micro``, ``calls``) registers, from its
``AppConfig.ready``, how to find the record a project came from::

    register_origin("open_call", lambda project: ...)  # -> Origin(label, url) or None

The project's page shows the origin's label as a link beside "how it is published"; a project with no registered
origin (a direct commission, or a vehicle whose record is gone) shows the vehicle's name alone. ``resolve`` is
called once per detail page and may make one query.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    label: Any
    url: str


RESOLVERS: dict[str, Callable[[Any], Origin | None]] = {}


def register_origin(vehicle: str, resolve: Callable[[Any], Origin | None]) -> None:
    """Declare how to find the record a project of ``vehicle`` came from (registering again replaces it)."""
    RESOLVERS[vehicle] = resolve


def origin_of(project) -> Origin | None:
    resolve = RESOLVERS.get(project.vehicle)
    return resolve(project) if resolve else None

"""The five-society hub: each registry part declares its sections; the hub page lists those the user may open."""

from dataclasses import dataclass

from django.urls import reverse

from wuse.access import api as access


@dataclass(frozen=True)
class Section:
    order: int
    label: object
    description: object
    url_name: str
    action: str | None


SECTIONS: list[Section] = []


def register_section(*, order: int, label, description, url_name: str, action: str | None) -> None:
    SECTIONS.append(Section(order, label, description, url_name, action))
    SECTIONS.sort(key=lambda section: section.order)


def sections_for(user) -> list[dict]:
    return [{"label": section.label, "description": section.description, "url": reverse(section.url_name)}
            for section in SECTIONS if section.action is None or access.has_action(user, section.action)]

"""What a cell may say: the user's communities, the categories, channels and urgencies, matched by
``cell_key`` (no spaces, case-folded, full-width folded) against their Chinese or English label or
their code; and the Chinese labels the file is written with, whatever the interface language."""

from dataclasses import dataclass

from django.utils import translation

from wuse.regions.models import Region
from wuse.spreadsheets import clean_text

from .. import selectors
from ..models import Channel, NeedCategory, Urgency


def cell_key(value: object) -> str:
    """How a typed choice is matched: no spaces at all, case-folded, full-width folded."""
    return "".join(clean_text(value).split()).casefold()


def labels(choices, language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(value, str(label)) for value, label in choices]


def channel_label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(Channel(code).label) if code in Channel.values else code


def urgency_label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(Urgency(code).label) if code in Urgency.values else code


@dataclass
class Vocabulary:
    """What the cells may say, for one user: their communities, the categories, channels and urgencies."""

    communities: dict[str, Region]
    community_names: dict[str, Region | None]  # None: two of the user's communities share the name
    categories: dict[str, NeedCategory]
    channels: dict[str, str]
    urgencies: dict[str, str]

    @classmethod
    def for_user(cls, user) -> "Vocabulary":
        communities = {r.code: r for r in selectors.communities_for_create(user).order_by("code")}
        names: dict[str, Region | None] = {}
        for region in communities.values():
            names[cell_key(region.name)] = None if cell_key(region.name) in names else region
        categories: dict[str, NeedCategory] = {}
        for category in NeedCategory.objects.order_by("-active", "position", "code"):  # active ones win a clash
            for word in (category.name, category.name_en, category.code):
                if word:
                    categories.setdefault(cell_key(word), category)
        return cls(communities=communities, community_names=names, categories=categories,
                   channels=_choice_keys(Channel.choices), urgencies=_choice_keys(Urgency.choices))


def _choice_keys(choices) -> dict[str, str]:
    keys = {cell_key(value): value for value, _label in choices}
    for language in ("en", "zh-hans"):
        keys.update({cell_key(label): value for value, label in labels(choices, language)})
    return keys

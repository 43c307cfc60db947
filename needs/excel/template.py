"""The import template's columns: dropdowns of the Chinese labels, notes, and the user's communities."""

from wuse.spreadsheets import Column

from .. import selectors
from ..models import Channel, NeedCategory, Urgency
from .columns import (
    ANONYMOUS,
    CATEGORY,
    CHANNEL,
    COMMUNITY,
    DEADLINE,
    DESCRIPTION,
    GROUP,
    HEADCOUNT,
    ID_NUMBER,
    LOCATION,
    NAME,
    NO,
    NOTED_COMMUNITIES,
    NOTES,
    PHONE,
    TITLE,
    URGENCY,
    YES,
)
from .vocabulary import labels


def template_columns(user) -> list[Column]:
    """The template's columns; the code column lists the user's communities (dropdown and note)."""
    codes = list(selectors.communities_for_create(user).order_by("code"))
    listed = [f"{r.code} {r.name}" for r in codes[:NOTED_COMMUNITIES]] + (
        ["……"] if len(codes) > NOTED_COMMUNITIES else [])
    community_note = "\n".join(["必填，12 位社区代码。", *(["您可登记需求的社区："] if listed else []), *listed])
    categories = [c.name for c in NeedCategory.objects.filter(active=True)]
    return [
        Column(COMMUNITY, required=True, text=True, width=16, note=community_note,
               choices=[r.code for r in codes] or None),
        Column(TITLE, required=True, width=30, note=NOTES[TITLE]),
        Column(DESCRIPTION, width=40),
        Column(CATEGORY, required=True, choices=categories, note=NOTES[CATEGORY]),
        Column(CHANNEL, required=True, choices=[label for _v, label in labels(Channel.choices, "zh-hans")],
               note=NOTES[CHANNEL]),
        Column(URGENCY, choices=[label for _v, label in labels(Urgency.choices, "zh-hans")], note=NOTES[URGENCY]),
        Column(GROUP),
        Column(HEADCOUNT, note=NOTES[HEADCOUNT]),
        Column(LOCATION, width=20),
        Column(DEADLINE, width=14, note=NOTES[DEADLINE]),
        Column(NAME),
        Column(PHONE, text=True, width=16, note=NOTES[PHONE]),
        Column(ID_NUMBER, text=True, width=22, note=NOTES[ID_NUMBER]),
        Column(ANONYMOUS, choices=[YES, NO], note=NOTES[ANONYMOUS]),
    ]

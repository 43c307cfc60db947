"""What the project exports share: the result, the refusal, and how a value becomes a cell (a yes/no as
words, a user by name; residents' names are ``wuse.privacy.mask_names``, sums ``wuse.spreadsheets.money``)."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.errors import ProjectError
from wuse.spreadsheets import Sheet

ITEM, VALUE = gettext_lazy("Item"), gettext_lazy("Value")
SPENT = gettext_lazy("Spent (yuan)")


class ExportTooLarge(ProjectError):
    """More rows than one export may hold; ``str()`` asks the user to narrow the filters."""


@dataclass(frozen=True)
class ProjectExport:
    sheets: list[Sheet]
    filename: str
    count: int


def label(model, field: str) -> str:
    """A column named after the model field it shows (the wording the pages use)."""
    return capfirst(str(model._meta.get_field(field).verbose_name))


def plural(model) -> str:
    """A sheet named after the records it lists."""
    return capfirst(str(model._meta.verbose_name_plural))


def pairs(name, rows) -> Sheet:
    """A two-column sheet: what each value is, then the value."""
    return Sheet(name=name, headers=[str(ITEM), str(VALUE)], rows=[[str(k), v] for k, v in rows])


def local(moment):
    return timezone.localtime(moment) if moment else None


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def person(user) -> str:
    """A staff account as the pages name it (full name, else the user name)."""
    return str(user) if user is not None else ""


def filename(*parts: str) -> str:
    """``<parts>_<YYYYMMDD>.xlsx``; ``content_disposition`` makes any name safe for the header."""
    day = timezone.localdate().strftime("%Y%m%d")
    return "_".join(str(p).strip() for p in (*parts, day) if p and str(p).strip()) + ".xlsx"

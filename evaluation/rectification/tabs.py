"""The project page's 整改 tab: the project's rectifications the user may see, and the 不合格 mark of its
undertaker as a warning line."""

from django.utils.translation import gettext_lazy as _

from projects.tabs import register_tab

from . import selectors
from .marks import undertaker_marks


def rectifications_context(request, project) -> dict:
    marks = undertaker_marks([project.undertaker_id]).get(project.undertaker_id, []) if project.undertaker_id else []
    return {"rectifications": list(selectors.for_project(request.user, project)[:100]), "marks": marks}


def register() -> None:
    register_tab(key="rectifications", label=_("Rectifications"), order=75, template="rectification/tab.html",
                 context=rectifications_context)

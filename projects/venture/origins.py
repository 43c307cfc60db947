"""The link from a venture project's page back to its application."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.origins import Origin


def resolve(project):
    from .models import Application

    found = Application.objects.filter(project_id=project.pk).values_list("pk", "round__title").first()
    if found is None:
        return None
    return Origin(_("Venture round: %(title)s") % {"title": found[1]},
                  reverse("venture:application", args=[found[0]]))

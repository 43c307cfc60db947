"""``{% rectification_create_url evaluation as url %}``: where the current user sets up a rectification from this
evaluation's findings, or "" when they may not (the evaluation is not submitted or closed, or the user holds no
``rectification.create`` at its unit). The evaluation's page shows its link block with it, so ``evaluation``'s
views never name this sub-app."""

from django import template
from django.urls import reverse

from wuse.access import api as access

from ..models import Rectification
from ..services import SOURCE_STATES

register = template.Library()


@register.simple_tag(takes_context=True)
def rectification_create_url(context, evaluation) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or evaluation is None or evaluation.status not in SOURCE_STATES:
        return ""
    if not access.can(user, "rectification.create", Rectification(region_id=evaluation.region_id)):
        return ""
    return reverse("rectification:create", args=[evaluation.pk])


"""The five societies of 五社联动: the community (社区), social organizations (社会组织), social workers
(社会工作者), community volunteers (社区志愿者) and charitable resources (社会慈善资源).

Records that say which society someone came for (a meeting's representatives, …) store these codes;
the registry's apps hold each society's own actors.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Society(models.TextChoices):
    """The five societies of 五社联动."""

    COMMUNITY = "community", _("Community committee")
    SOCIAL_ORG = "social_org", _("Social organization")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    VOLUNTEER = "volunteer", _("Community volunteer")
    CHARITY = "charity", _("Charitable resources")

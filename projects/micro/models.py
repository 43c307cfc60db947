"""民生微实事: a round per community and year, residents' proposals, the council's shortlist, one vote per
verified phone (kept only as a keyed blind index) and the confirmed projects."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region


class ProjectType(models.TextChoices):
    SERVICE = "service", _("service-type project")
    GOODS = "goods", _("goods-type project")
    WORKS = "works", _("works-type project")


def district_code(code: str) -> str:
    """The district of a 12-digit division code."""
    return code[:6] + "000000"


class DistrictCaps(models.Model):
    """The district's cap (yuan) per project type for one year, set by district staff."""

    ACCESS_KEY = "micro_caps"
    ACCESS_REGION_FIELD = "district"

    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    year = models.PositiveIntegerField(_("year"))
    service_cap = models.DecimalField(_("service cap (yuan)"), max_digits=12, decimal_places=2)
    goods_cap = models.DecimalField(_("goods cap (yuan)"), max_digits=12, decimal_places=2)
    works_cap = models.DecimalField(_("works cap (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("micro-project caps")
        verbose_name_plural = _("micro-project caps")
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="micro_caps_unique")]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}"

    def cap_for(self, kind: str) -> Decimal:
        return getattr(self, f"{kind}_cap")


class NegativeRule(models.Model):
    """One rule of the district's negative list: keywords that refuse a proposal, with the reason shown."""

    ACCESS_KEY = "micro_caps"
    ACCESS_REGION_FIELD = "district"

    class Category(models.TextChoices):
        PROPERTY = "property", _("Paid by the property manager")
        GOVERNMENT = "government", _("Duplicates a government investment project")
        OTHER = "other", _("Other")

    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("district"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    keywords = models.CharField(_("keywords"), max_length=300, help_text=_("Separated by commas."))
    explanation = models.CharField(_("explanation"), max_length=300)

    class Meta:
        verbose_name = _("negative-list rule")
        verbose_name_plural = _("negative-list rules")

    def __str__(self) -> str:
        return self.keywords

    def words(self) -> list[str]:
        return [w.strip() for w in self.keywords.replace("，", ",").split(",") if w.strip()]


class Round(models.Model):
    """A round of micro-projects of one community (or street) and year."""

    ACCESS_KEY = "micro_round"
    ACCESS_REGION_FIELD = "region"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=120)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, default="collecting")
    vote_opens = models.DateTimeField(_("voting opens"), null=True, blank=True)
    vote_closes = models.DateTimeField(_("voting closes"), null=True, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("livelihood council meeting"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("micro-project round")
        verbose_name_plural = _("micro-project rounds")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Proposal(models.Model):
    """A resident's proposal: no name, no phone. ``region`` is the round's community (the access layer scopes by
    a row's own code column)."""

    ACCESS_KEY = "micro_round"
    ACCESS_REGION_FIELD = "region"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("round"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    kind = models.CharField(_("type"), max_length=10, choices=ProjectType.choices)
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), max_length=2000)
    estimated_cost = models.DecimalField(_("estimated cost (yuan)"), max_digits=12, decimal_places=2)
    location = models.CharField(_("location"), max_length=120)
    status = models.CharField(_("status"), max_length=20, default="proposed")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    token = models.CharField(max_length=64, blank=True)
    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("project"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("micro-project proposal")
        verbose_name_plural = _("micro-project proposals")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["round", "token"], condition=~models.Q(token=""),
                                               name="micro_proposal_once")]

    def __str__(self) -> str:
        return self.title


class VoteCode(models.Model):
    """A one-time code sent to a phone: the phone is kept only as a keyed blind index and the code only as a
    keyed hash; a code takes a few wrong tries and then is spent."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    voter_index = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["round", "voter_index"], name="micro_code_idx")]

    def __str__(self) -> str:
        return f"code {self.pk} of round {self.round_id}"


class Vote(models.Model):
    """One vote per person (blind index of the verified phone) per round: the unique constraint makes a second one
    impossible, even when both arrive at the same moment."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    voter_index = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["round", "voter_index"], name="micro_one_vote")]

    def __str__(self) -> str:
        return f"vote {self.pk} of round {self.round_id}"

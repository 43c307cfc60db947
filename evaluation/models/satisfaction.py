"""The residents' satisfaction survey of a project (居民满意度调查): opened by link or QR code on a phone, with no
account and no personal data.

A ``SatisfactionSurvey`` belongs to one project (one per project) and sits at the project's unit; its public link
carries a random, unguessable token. A ``SatisfactionResponse`` holds fixed items on a 1–5 scale, grouped into the
three indices of DOMAIN.md §8 — 满意度 (satisfaction), 获得感 (sense of gain), 参与度 (participation) — a short
free text, and the keyed hash of the answering device's cookie (``wuse.public.device``): one response per device
and survey, enforced by a unique constraint. The indices' definitions are written once here (``INDICES``); the
arithmetic is ``services.satisfaction``'s.
"""

import secrets
from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from wuse.core.models import Tracked
from wuse.regions.models import Region

SCALE = (1, 5)
MAX_COMMENT = 500
DEFAULT_MINIMUM = 30
MINIMUM_BOUNDS = (1, 1000)
SATISFACTION, GAIN, PARTICIPATION = "satisfaction", "gain", "participation"


@dataclass(frozen=True)
class Item:
    """One question of the survey: its column, the index it counts towards, its wording and its scale's labels
    (1 … 5), and whether a resident may leave it blank."""

    field: str
    index: str
    question: Promise
    scale: str  # "satisfied" or "agree": which labels the five points carry
    required: bool = True
    hint: Promise | str = ""


@dataclass(frozen=True)
class Index:
    code: str
    label: Promise
    definition: Promise


SCALE_LABELS = {
    "satisfied": (_("Very dissatisfied"), _("Dissatisfied"), _("Neither satisfied nor dissatisfied"),
                  _("Satisfied"), _("Very satisfied")),
    "agree": (_("Strongly disagree"), _("Disagree"), _("Neither agree nor disagree"), _("Agree"),
              _("Strongly agree")),
}

ITEMS = (
    Item("content", SATISFACTION, _("How satisfied are you with the services and activities the project offered?"),
         "satisfied"),
    Item("attitude", SATISFACTION, _("How satisfied are you with the attitude of the project's staff and "
                                     "volunteers?"), "satisfied"),
    Item("results", SATISFACTION, _("How satisfied are you with what the project achieved?"), "satisfied"),
    Item("improved", GAIN, _("My or my family's situation has improved thanks to the project."), "agree"),
    Item("solved", GAIN, _("The problem I raised was solved."), "agree", required=False,
         hint=_("Choose “does not apply” if you raised no problem.")),
    Item("took_part", PARTICIPATION, _("I took part in the project's activities."), "agree"),
    Item("consulted", PARTICIPATION, _("I was asked for my opinion about the project."), "agree"),
)
ITEM_FIELDS = tuple(item.field for item in ITEMS)

INDICES = (
    Index(SATISFACTION, _("Satisfaction (满意度)"),
          _("The mean of the three satisfaction items (services and activities, staff attitude, results) over all "
            "responses, on the 1–5 scale, shown as a percentage: (mean − 1) ÷ 4 × 100, so all “very satisfied” is "
            "100 and all “very dissatisfied” is 0. This is the score the evaluation uses.")),
    Index(GAIN, _("Sense of gain (获得感)"),
          _("The mean of the answers to “my or my family's situation has improved” and “the problem I raised was "
            "solved” (blank answers left out), on the 1–5 scale, shown as (mean − 1) ÷ 4 × 100.")),
    Index(PARTICIPATION, _("Participation (参与度)"),
          _("The mean of the answers to “I took part in the project's activities” and “I was asked for my "
            "opinion”, on the 1–5 scale, shown as (mean − 1) ÷ 4 × 100.")),
)


def new_token() -> str:
    """The secret part of the public link: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


class SatisfactionSurvey(Tracked):
    """A project's satisfaction survey: open or closed, its public token and the minimum sample size before its
    score counts. Scoped like the project (its unit is copied from it)."""

    ACCESS_KEY = "satisfaction"
    ACCESS_REGION_FIELD = "region"

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="satisfaction_survey",
                                   verbose_name=_("service project"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False,
                               verbose_name=_("unit"))
    public_token = models.CharField(max_length=43, unique=True, default=new_token, editable=False)
    is_open = models.BooleanField(_("collecting answers"), default=True)
    opened_at = models.DateTimeField(_("opened on"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    min_responses = models.PositiveSmallIntegerField(
        _("minimum number of responses"), default=DEFAULT_MINIMUM,
        validators=[MinValueValidator(MINIMUM_BOUNDS[0]), MaxValueValidator(MINIMUM_BOUNDS[1])],
        help_text=_("The satisfaction score counts in the evaluation once this many residents have answered."))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_responses__gte=MINIMUM_BOUNDS[0],
                                                      min_responses__lte=MINIMUM_BOUNDS[1]),
                                   name="satsurvey_minimum_range"),
            models.CheckConstraint(condition=models.Q(is_open=True) | models.Q(closed_at__isnull=False),
                                   name="satsurvey_closed_has_date"),
        ]

    def __str__(self) -> str:
        return str(self.project)


def _item_field(item: Item) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(item.question, null=not item.required, blank=not item.required,
                                            validators=[MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])])


def _on_scale(item: Item) -> models.Q:
    """1 … 5 (or blank, for an item a resident may leave blank)."""
    condition = models.Q(**{f"{item.field}__gte": SCALE[0], f"{item.field}__lte": SCALE[1]})
    return condition if item.required else condition | models.Q(**{f"{item.field}__isnull": True})


class SatisfactionResponse(models.Model):
    """One resident's answers: no name, phone, address or network address — only the keyed hash of the
    device's cookie, which lets the survey take one response per device."""

    survey = models.ForeignKey(SatisfactionSurvey, on_delete=models.CASCADE, related_name="responses")
    content = _item_field(ITEMS[0])
    attitude = _item_field(ITEMS[1])
    results = _item_field(ITEMS[2])
    improved = _item_field(ITEMS[3])
    solved = _item_field(ITEMS[4])
    took_part = _item_field(ITEMS[5])
    consulted = _item_field(ITEMS[6])
    comment = models.TextField(_("comments"), max_length=MAX_COMMENT, blank=True)
    device = models.CharField(max_length=64, editable=False)  # wuse.public.device.keyed_hash, never the cookie
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("satisfaction response")
        verbose_name_plural = _("satisfaction responses")
        indexes = [models.Index(fields=["survey", "created_at", "id"], name="satresponse_survey_created_idx")]
        constraints = [
            models.UniqueConstraint(fields=["survey", "device"], name="satresponse_once_per_device"),
            *(models.CheckConstraint(condition=_on_scale(item), name=f"satresponse_{item.field}_scale")
              for item in ITEMS),
            models.CheckConstraint(condition=~models.Q(device=""), name="satresponse_device_given"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"

"""Social organizations (社会组织 / 社区社会组织 / 社工机构), their members, documents and social workers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.core.models import CodeTable, Tracked
from wuse.privacy import PHONE, mask_phone
from wuse.privacy.fields import encrypted_with_index, set_indexed
from wuse.regions.models import Region
from wuse.registry.people.models import Person


class OrgKind(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("Social group (社会团体)")
    SERVICE_ORG = "service_org", _("Social service organization (社会服务机构)")
    FOUNDATION = "foundation", _("Foundation")
    SOCIAL_WORK_AGENCY = "sw_agency", _("Social-work agency (社工机构)")
    COMMUNITY_ORG = "community_org", _("Community social organization (社区社会组织)")


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DEREGISTERED = "deregistered", _("Deregistered")


class Rating(models.TextChoices):
    NONE = "", _("Not rated")
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class ServiceField(CodeTable):
    """A field of service (elderly care, children, disability, …): data, not code."""

    class Meta(CodeTable.Meta):
        verbose_name = _("field of service")
        verbose_name_plural = _("fields of service")


class Organization(Tracked):
    ACCESS_KEY = "organization"
    # The registering (or filing) unit: a district bureau registers, a street files 社区社会组织.
    ACCESS_REGION_FIELD = "region"

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=OrgKind.choices)
    # 统一社会信用代码: unique when present; 社区社会组织 filed at street level may have none.
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    filing_number = models.CharField(_("filing number (备案号)"), max_length=40, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("registering unit"))
    authority = models.CharField(_("registration authority"), max_length=100, blank=True)
    service_areas = models.ManyToManyField(Region, through="ServiceArea", related_name="+",
                                           verbose_name=_("service areas"))
    fields = models.ManyToManyField(ServiceField, blank=True, related_name="+", verbose_name=_("fields of service"))
    established_on = models.DateField(_("established"), null=True, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone, contact_phone_index = encrypted_with_index(_("contact phone"), source="contact_phone",
                                                              purpose=PHONE)
    address = models.CharField(_("address"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), max_length=2000, blank=True)
    rating = models.CharField(_("rating"), max_length=2, choices=Rating.choices, blank=True, default="")
    rating_year = models.PositiveSmallIntegerField(_("rating year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    status_reason = models.CharField(_("reason for the status"), max_length=200, blank=True)
    # Tracked's two fields as they were here: the creator nullable and not editable, the page's wording.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("registered in wuse"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("social organization")
        verbose_name_plural = _("social organizations")
        indexes = [
            models.Index(fields=["region", "status", "name"], name="org_region_status_idx"),
            models.Index(fields=["name"], name="org_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~models.Q(credit_code=""),
                                    name="org_unique_credit_code"),
            models.UniqueConstraint(fields=["region", "filing_number"], condition=~models.Q(filing_number=""),
                                    name="org_unique_filing_number"),
            # Every organization is identified: a credit code, or the street's filing number.
            models.CheckConstraint(condition=~models.Q(credit_code="") | ~models.Q(filing_number=""),
                                   name="org_has_code_or_filing"),
        ]

    def __str__(self) -> str:
        return self.name

    def set_contact_phone(self, phone: str) -> list[str]:
        """Store a normalized phone with its blind index; returns the fields written."""
        return set_indexed(self, contact_phone=phone)

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE


class ServiceArea(models.Model):
    """A unit an organization serves (a community, a street, a district)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="areas")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [models.UniqueConstraint(fields=["organization", "region"], name="service_area_unique")]
        indexes = [models.Index(fields=["region", "organization"], name="service_area_region_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.region_id}"


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("Administrator (edits the profile and members)")
    STAFF = "staff", _("Staff")


class OrganizationMember(models.Model):
    """A user account acting for an organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_memberships",
                             verbose_name=_("account"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["organization", "user__username"]
        verbose_name = _("organization member")
        verbose_name_plural = _("organization members")
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="org_member_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.user_id}"


class DocumentKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration certificate")
    FILING = "filing", _("Filing certificate")
    CHARTER = "charter", _("Charter")
    RATING = "rating", _("Rating certificate")
    OTHER = "other", _("Other qualification")


class OrganizationDocument(models.Model):
    """A qualification document (registration certificate, charter, rating…), kept private."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to="organizations/%Y/%m/")
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("qualification document")
        verbose_name_plural = _("qualification documents")

    def __str__(self) -> str:
        return self.title


class CertificateLevel(models.TextChoices):
    NONE = "", _("No certificate")
    ASSISTANT = "assistant", _("Assistant social worker (助理社会工作师)")
    SOCIAL_WORKER = "social_worker", _("Social worker (社会工作师)")
    SENIOR = "senior", _("Senior social worker (高级社会工作师)")


class SocialWorker(models.Model):
    """A social worker or a full-time community worker (专职社区工作者), certified or not.

    The share of certified full-time community workers per unit is a KPI (Zhejiang: ≥ 60 %).
    """

    ACCESS_KEY = "social_worker"
    # Where they work: the 社工站 (street) or the community (社工室 / 居委会).
    ACCESS_REGION_FIELD = "region"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="social_worker",
                                  verbose_name=_("person"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("station or community"))
    employer = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="social_workers", verbose_name=_("employer"))
    is_community_worker = models.BooleanField(_("full-time community worker"), default=False)
    certificate_level = models.CharField(_("certificate level"), max_length=20, choices=CertificateLevel.choices,
                                         blank=True, default="")
    certificate_number = models.CharField(_("certificate number (管理号)"), max_length=18, blank=True)
    certified_year = models.PositiveSmallIntegerField(_("year certified"), null=True, blank=True)
    active = models.BooleanField(_("in post"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   null=True, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["region", "id"]
        verbose_name = _("social worker")
        verbose_name_plural = _("social workers")
        indexes = [models.Index(fields=["region", "active", "certificate_level"], name="sw_region_cert_idx")]
        constraints = [
            models.UniqueConstraint(fields=["certificate_number"], condition=~models.Q(certificate_number=""),
                                    name="sw_unique_certificate"),
            models.CheckConstraint(
                condition=(models.Q(certificate_level="", certificate_number="")
                           | (~models.Q(certificate_level="") & ~models.Q(certificate_number=""))),
                name="sw_level_needs_number"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_certified(self) -> bool:
        return bool(self.certificate_level)

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

if settings.WUSE_REQUIRE_OTP:
    admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("wuse.core.urls")),
    path("accounts/", include("wuse.accounts.urls")),
    path("audit/", include("wuse.audit.urls")),
    path("jobs/", include("wuse.jobs.urls")),
    path("notifications/", include("wuse.notify.urls")),
    path("needs/", include("needs.urls")),
    path("public/", include("needs.public_urls")),
    path("public/projects/", include("projects.public_urls")),
    path("surveys/", include("needs.surveys.urls")),
    path("meetings/", include("needs.meetings.urls")),
    path("venture/", include("projects.venture.urls")),
    path("cobuild/", include("projects.cobuild.urls")),
    path("micro/", include("projects.micro.urls")),
    path("calls/", include("projects.calls.urls")),
    path("public/venture/", include("projects.venture.public_urls")),
    path("public/cobuild/", include("projects.cobuild.public_urls")),
    path("public/micro/", include("projects.micro.public_urls")),
    path("public/calls/", include("projects.calls.public_urls")),
    path("projects/", include("projects.urls")),
    path("evaluations/", include("evaluation.urls")),
    path("rectifications/", include("evaluation.rectification.urls")),
    path("public/evaluations/", include("evaluation.public_urls")),
    path("assessment/plans/", include("assessment.plans.urls")),
    path("assessment/reports/", include("assessment.reports.urls")),
    path("dashboard/", include("assessment.dashboards.urls")),
    path("assessment/", include("assessment.urls")),
    path("registry/", include("wuse.registry.urls")),
    path("ledger/", include("wuse.ledger.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "wuse.core.views.permission_denied"

"""Public pages of the needs step (公示): no account needed, no personal data shown."""

from django.urls import re_path

from .views import lists as list_views

app_name = "needs_public"
urlpatterns = [
    re_path(r"^needs/(?P<code>[0-9]{12})/$", list_views.public_community, name="community"),
    re_path(r"^needs/(?P<code>[0-9]{12})/(?P<pk>[0-9]{1,18})/v(?P<number>[0-9]{1,9})/$", list_views.public_version,
            name="version"),
]

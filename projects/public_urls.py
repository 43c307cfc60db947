"""Public pages of the projects step (公示): no account needed, no personal data shown."""

from django.urls import re_path

from .views import public

app_name = "projects_public"
urlpatterns = [
    re_path(r"^(?P<code>[0-9]{12})/$", public.public_community, name="community"),
]

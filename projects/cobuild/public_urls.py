"""The public pages of the co-building lists (公示): a community's lists by period, and one list's units, resources,
quantities and fulfilment only."""

from django.urls import re_path

from . import public_views

app_name = "cobuild_public"
urlpatterns = [
    re_path(r"^(?P<code>[0-9]{12})/$", public_views.public_community, name="community"),
    re_path(r"^(?P<code>[0-9]{12})/(?P<pk>[0-9]{1,12})/$", public_views.public_list, name="list"),
]

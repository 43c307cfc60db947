"""The residents' pages of 民生微实事 (no account): the rounds, a round's 公示, proposing and voting."""

from django.urls import re_path

from . import public_views

app_name = "micro_public"
urlpatterns = [
    re_path(r"^$", public_views.public_index, name="index"),
    re_path(r"^(?P<pk>[0-9]{1,12})/$", public_views.public_round, name="round"),
    re_path(r"^(?P<pk>[0-9]{1,12})/propose/$", public_views.public_propose, name="propose"),
    re_path(r"^(?P<pk>[0-9]{1,12})/proposals/(?P<proposal>[0-9]{1,12})/$", public_views.public_thanks,
            name="thanks"),
    re_path(r"^(?P<pk>[0-9]{1,12})/vote/(?P<proposal>[0-9]{1,12})/$", public_views.public_vote, name="vote"),
    re_path(r"^(?P<pk>[0-9]{1,12})/voted/$", public_views.public_voted, name="voted"),
]

"""The evaluation step's public pages (included at ``/public/evaluations/``): the satisfaction survey residents
open from its link or QR code, with no account."""

from django.urls import re_path

from . import satisfaction_views

app_name = "evaluation_public"
urlpatterns = [
    re_path(r"^s/(?P<token>[A-Za-z0-9_-]{8,43})/$", satisfaction_views.public_survey, name="survey"),
    re_path(r"^s/(?P<token>[A-Za-z0-9_-]{8,43})/thanks/$", satisfaction_views.public_thanks, name="thanks"),
]

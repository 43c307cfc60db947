from django.urls import path, re_path

from . import views

app_name = "micro"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("caps/", views.caps, name="caps"),
    path("caps/rules/<int:pk>/remove/", views.rule_remove, name="rule_remove"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/meeting/", views.round_meeting, name="meeting"),
    path("<int:pk>/export/", views.round_export, name="export"),
    re_path(r"^(?P<pk>[0-9]{1,12})/do/(?P<name>[a-z_]{1,40})/$", views.round_transition, name="transition"),
    re_path(r"^proposals/(?P<pk>[0-9]{1,12})/decide/(?P<name>[a-z_]{1,20})/$", views.proposal_decide,
            name="decide"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="confirm"),
]

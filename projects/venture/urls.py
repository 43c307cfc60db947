from django.urls import path

from . import views, views_funding

app_name = "venture"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/do/<slug:name>/", views.round_transition, name="round_transition"),
    path("<int:pk>/apply/", views.application_create, name="apply"),
    path("<int:pk>/export/", views.round_export, name="export"),
    path("queue/", views.application_queue, name="queue"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/do/<slug:name>/", views.application_transition, name="application_transition"),
    path("applications/<int:pk>/score/", views.application_score, name="score"),
    path("applications/<int:pk>/sign/", views_funding.application_sign, name="sign"),
    path("applications/<int:pk>/midterm/", views_funding.midterm, name="midterm"),
    path("applications/<int:pk>/debar/", views_funding.debar, name="debar"),
    path("applications/<int:pk>/tranches/<int:tranche_pk>/pay/", views_funding.tranche_pay, name="tranche_pay"),
    path("applications/<int:pk>/tranches/<int:tranche_pk>/recover/", views_funding.tranche_recover,
         name="tranche_recover"),
]

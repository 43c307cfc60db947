from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("waiting/", views.evaluation_waiting, name="waiting"),
    path("new/", views.evaluation_create, name="create"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.evaluation_transition, name="transition"),
    path("<int:pk>/assign/", views.assignment_add, name="assign"),
    path("<int:pk>/assignments/<int:assignment_pk>/remove/", views.assignment_remove, name="unassign"),
    path("<int:pk>/score/", views.evaluation_score, name="score"),
    path("<int:pk>/declare/", views.evaluation_declare, name="declare"),
]

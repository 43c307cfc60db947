from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.rectification_list, name="list"),
    path("new/<int:evaluation_pk>/", views.rectification_create, name="create"),
    path("<int:pk>/", views.rectification_detail, name="detail"),
    path("<int:pk>/submit/", views.rectification_submit, name="submit"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:file_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/do/<slug:name>/", views.rectification_transition, name="transition"),
]

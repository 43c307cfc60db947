from django.urls import path

from . import export_views, satisfaction_views, template_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("export/", export_views.evaluation_export, name="export"),
    path("waiting/", views.evaluation_waiting, name="waiting"),
    path("new/", views.evaluation_create, name="create"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/scorecard.pdf", export_views.scorecard_pdf, name="scorecard_pdf"),
    path("<int:pk>/do/<slug:name>/", views.evaluation_transition, name="transition"),
    path("<int:pk>/assign/", views.assignment_add, name="assign"),
    path("<int:pk>/assignments/<int:assignment_pk>/remove/", views.assignment_remove, name="unassign"),
    path("<int:pk>/score/", views.evaluation_score, name="score"),
    path("<int:pk>/declare/", views.evaluation_declare, name="declare"),
    # indicator templates
    path("templates/", template_views.template_list, name="templates"),
    path("templates/new/", template_views.template_create, name="template_create"),
    path("templates/<int:pk>/", template_views.template_detail, name="template_detail"),
    path("templates/<int:pk>/versions/<int:number>/", template_views.template_detail, name="template_version"),
    path("templates/<int:pk>/edit/", template_views.template_edit, name="template_edit"),
    path("templates/<int:pk>/copy/", template_views.template_copy, name="template_copy"),
    # the residents' satisfaction survey of a project (by the project's id)
    path("satisfaction/<int:pk>/", satisfaction_views.satisfaction_staff, name="satisfaction"),
    path("satisfaction/<int:pk>/open/", satisfaction_views.satisfaction_open, name="satisfaction_open"),
    path("satisfaction/<int:pk>/close/", satisfaction_views.satisfaction_close, name="satisfaction_close"),
    path("satisfaction/<int:pk>/minimum/", satisfaction_views.satisfaction_minimum, name="satisfaction_minimum"),
    path("satisfaction/<int:pk>/qr.svg", satisfaction_views.satisfaction_qr, name="satisfaction_qr"),
]

from django.urls import path

from . import export_views, views

app_name = "delivery"
urlpatterns = [
    path("export/", export_views.project_export, name="export"),
    path("<int:pk>/export/", export_views.project_export_one, name="export_one"),
    path("milestones/overdue/", views.milestones_overdue, name="milestones_overdue"),
    path("reports/due/", views.reports_due, name="reports_due"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:milestone_pk>/", views.milestone_progress, name="milestone_progress"),
    path("<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("<int:pk>/expenses/", views.expense_add, name="expense_add"),
    path("<int:pk>/adjustments/", views.adjustment_add, name="adjustment_add"),
    path("<int:pk>/adjustments/<int:adjustment_pk>/do/<slug:name>/", views.adjustment_decide,
         name="adjustment_decide"),
    path("<int:pk>/reports/", views.report_add, name="report_add"),
    path("<int:pk>/acceptance/", views.acceptance_save, name="acceptance"),
    path("<int:pk>/files/<int:file_pk>/", views.attachment, name="file"),
    path("<int:pk>/files/add/<slug:owner>/<int:owner_pk>/", views.attachment_add, name="file_add"),
]

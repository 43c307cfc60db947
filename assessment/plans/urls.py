from django.urls import path, register_converter

from wuse.core.converters import DivisionCodeConverter

from . import views

register_converter(DivisionCodeConverter, "plans_unit")

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/copy/", views.plan_copy, name="copy"),
    path("indicators/<int:pk>/score/<plans_unit:code>/", views.score, name="score"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("scores/<plans_unit:code>/", views.scores, name="scores"),
]

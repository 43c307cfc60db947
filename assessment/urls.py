from django.urls import path, register_converter

from wuse.core.converters import DivisionCodeConverter

from . import views

register_converter(DivisionCodeConverter, "assessment_unit")

app_name = "assessment"
urlpatterns = [
    path("", views.home, name="home"),
    path("rollup/", views.rollup_start, name="rollup"),
    path("rollup/confirm/", views.rollup_confirm, name="rollup_confirm"),
    path("<assessment_unit:code>/", views.unit, name="unit"),
    path("<assessment_unit:code>/approve/", views.approve, name="approve"),
    path("<assessment_unit:code>/approve-children/", views.approve_children, name="approve_children"),
    path("<assessment_unit:code>/unlock/", views.unlock, name="unlock"),
    path("<assessment_unit:code>/approvals/", views.history, name="history"),
]

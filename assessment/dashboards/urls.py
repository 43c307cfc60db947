from django.urls import path, register_converter

from wuse.core.converters import DivisionCodeConverter

from . import views

register_converter(DivisionCodeConverter, "dashboard_unit")

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("<dashboard_unit:code>/", views.unit, name="unit"),
]

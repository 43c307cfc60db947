from django.urls import path, register_converter

from . import views
from .converters import DivisionCodeConverter

register_converter(DivisionCodeConverter, "division")

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<division:code>/", views.region_detail, name="region"),
]

from django.urls import include, path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("linkage/", views.linkage, name="linkage"),
    path("organizations/", include("wuse.registry.organizations.urls")),
    path("volunteers/", include("wuse.registry.volunteers.urls")),
    path("charity/", include("wuse.registry.charity.urls")),
]

from django.urls import path, re_path

from . import views

app_name = "cobuild"
urlpatterns = [
    path("", views.list_index, name="list"),
    path("new/", views.list_create, name="create"),
    path("waiting/", views.waiting, name="waiting"),
    path("<int:pk>/", views.list_detail, name="detail"),
    path("<int:pk>/pledges/", views.pledge_add, name="pledge_add"),
    path("<int:pk>/export/", views.list_export, name="export"),
    re_path(r"^(?P<pk>[0-9]+)/do/(?P<name>[a-z_]{1,40})/$", views.list_transition, name="transition"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("pledges/<int:pk>/match/", views.pledge_match, name="pledge_match"),
    path("pledges/<int:pk>/deliver/", views.pledge_deliver, name="pledge_deliver"),
    path("pledges/<int:pk>/remove/", views.pledge_remove, name="pledge_remove"),
    path("pledges/<int:pk>/project/", views.pledge_project, name="pledge_project"),
]

from django.urls import include, path

from .views import links, versions
from .views import projects as views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("mine/", views.project_mine, name="mine"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.project_transition, name="transition"),
    path("<int:pk>/undertaker/", views.project_undertake, name="undertake"),
    path("<int:pk>/copy/", views.project_copy, name="copy"),
    path("<int:pk>/needs/", links.need_link, name="need_link"),
    path("<int:pk>/needs/<int:need_pk>/remove/", links.need_unlink, name="need_unlink"),
    path("<int:pk>/codesign/", links.codesign_add, name="codesign_add"),
    path("<int:pk>/codesign/<int:record_pk>/remove/", links.codesign_remove, name="codesign_remove"),
    path("<int:pk>/participants/", links.participant_add, name="participant_add"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", links.participant_remove, name="participant_remove"),
    path("<int:pk>/versions/", versions.versions, name="versions"),
    path("<int:pk>/changes/<int:change_pk>/", versions.change_detail, name="change"),
    path("changes/<int:pk>/do/<slug:name>/", versions.change_transition, name="change_transition"),
    path("", include("projects.delivery.urls")),  # the delivery increment (实施推进)
]

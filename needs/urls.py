from django.urls import path

from . import excel_views, list_views, views

app_name = "needs"
urlpatterns = [
    path("", views.need_list, name="list"),
    path("waiting/", views.need_waiting, name="waiting"),
    *excel_views.urlpatterns,
    path("new/", views.need_create, name="create"),
    path("<int:pk>/", views.need_detail, name="detail"),
    path("<int:pk>/edit/", views.need_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.need_transition, name="transition"),
    path("<int:pk>/merge/", views.need_merge, name="merge"),
    path("<int:pk>/support/", views.need_support, name="support"),
    path("<int:pk>/follow-up/", views.need_follow_up, name="follow_up"),
    path("<int:pk>/reveal/", views.need_reveal, name="reveal"),
    path("<int:pk>/photos/", views.need_photo_upload, name="photo_upload"),
    path("<int:pk>/photos/<int:photo_pk>/", views.need_photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/remove/", views.need_photo_delete, name="photo_delete"),
    path("lists/", list_views.list_index, name="lists"),
    path("lists/<int:pk>/", list_views.list_detail, name="list_detail"),
    path("lists/<int:pk>/add/", list_views.list_add, name="list_add"),
    path("lists/<int:pk>/remove/", list_views.list_remove, name="list_remove"),
    path("lists/<int:pk>/do/<slug:name>/", list_views.list_transition, name="list_transition"),
    path("lists/<int:pk>/v<int:number>/", list_views.version_detail, name="list_version"),
]

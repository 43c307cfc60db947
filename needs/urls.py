from django.urls import path

from .views import excel as excel_views
from .views import lists as list_views
from .views import needs as need_views

app_name = "needs"
urlpatterns = [
    path("", need_views.need_list, name="list"),
    path("waiting/", need_views.need_waiting, name="waiting"),
    *excel_views.urlpatterns,
    path("new/", need_views.need_create, name="create"),
    path("<int:pk>/", need_views.need_detail, name="detail"),
    path("<int:pk>/edit/", need_views.need_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", need_views.need_transition, name="transition"),
    path("<int:pk>/merge/", need_views.need_merge, name="merge"),
    path("<int:pk>/support/", need_views.need_support, name="support"),
    path("<int:pk>/follow-up/", need_views.need_follow_up, name="follow_up"),
    path("<int:pk>/reveal/", need_views.need_reveal, name="reveal"),
    path("<int:pk>/photos/", need_views.need_photo_upload, name="photo_upload"),
    path("<int:pk>/photos/<int:photo_pk>/", need_views.need_photo, name="photo"),
    path("<int:pk>/photos/<int:photo_pk>/remove/", need_views.need_photo_delete, name="photo_delete"),
    path("lists/", list_views.list_index, name="lists"),
    path("lists/<int:pk>/", list_views.list_detail, name="list_detail"),
    path("lists/<int:pk>/add/", list_views.list_add, name="list_add"),
    path("lists/<int:pk>/remove/", list_views.list_remove, name="list_remove"),
    path("lists/<int:pk>/notice/", list_views.list_notice, name="list_notice"),
    path("lists/<int:pk>/do/<slug:name>/", list_views.list_transition, name="list_transition"),
    path("lists/<int:pk>/v<int:number>/", list_views.version_detail, name="list_version"),
]

from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("", views.need_list, name="list"),
    path("waiting/", views.need_waiting, name="waiting"),
    path("new/", views.need_create, name="create"),
    path("<int:pk>/", views.need_detail, name="detail"),
    path("<int:pk>/edit/", views.need_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.need_transition, name="transition"),
    path("<int:pk>/merge/", views.need_merge, name="merge"),
    path("<int:pk>/support/", views.need_support, name="support"),
    path("<int:pk>/follow-up/", views.need_follow_up, name="follow_up"),
    path("<int:pk>/reveal/", views.need_reveal, name="reveal"),
]

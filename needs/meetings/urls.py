from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<int:pk>/needs/link/", views.meeting_link_need, name="link_need"),
    path("<int:pk>/needs/raise/", views.meeting_raise_need, name="raise_need"),
    path("<int:pk>/needs/<int:link_pk>/unlink/", views.meeting_unlink_need, name="unlink_need"),
    path("<int:pk>/representatives/add/", views.representative_add, name="representative_add"),
    path("<int:pk>/representatives/<int:rep_pk>/remove/", views.representative_remove, name="representative_remove"),
]

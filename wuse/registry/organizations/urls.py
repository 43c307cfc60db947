from django.urls import path

from . import views, views_members, views_workers

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("mine/", views.my_organizations, name="mine"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/status/", views.organization_set_status, name="set_status"),
    path("<int:pk>/reveal/", views.organization_reveal, name="reveal"),
    path("<int:pk>/members/add/", views_members.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/remove/", views_members.member_remove, name="member_remove"),
    path("<int:pk>/documents/add/", views_members.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", views_members.document_download, name="document"),
    path("<int:pk>/documents/<int:document_pk>/remove/", views_members.document_remove, name="document_remove"),
    path("workers/", views_workers.worker_list, name="workers"),
    path("workers/new/", views_workers.worker_create, name="worker_create"),
    path("workers/<int:pk>/", views_workers.worker_detail, name="worker_detail"),
    path("workers/<int:pk>/edit/", views_workers.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/reveal/", views_workers.worker_reveal, name="worker_reveal"),
]

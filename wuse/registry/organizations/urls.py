from django.urls import path

from .views import members, organizations, workers

app_name = "organizations"
urlpatterns = [
    path("", organizations.organization_list, name="list"),
    path("new/", organizations.organization_create, name="create"),
    path("mine/", organizations.my_organizations, name="mine"),
    path("<int:pk>/", organizations.organization_detail, name="detail"),
    path("<int:pk>/edit/", organizations.organization_edit, name="edit"),
    path("<int:pk>/status/", organizations.organization_set_status, name="set_status"),
    path("<int:pk>/reveal/", organizations.organization_reveal, name="reveal"),
    path("<int:pk>/members/add/", members.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/remove/", members.member_remove, name="member_remove"),
    path("<int:pk>/documents/add/", members.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_pk>/", members.document_download, name="document"),
    path("<int:pk>/documents/<int:document_pk>/remove/", members.document_remove, name="document_remove"),
    path("workers/", workers.worker_list, name="workers"),
    path("workers/new/", workers.worker_create, name="worker_create"),
    path("workers/<int:pk>/", workers.worker_detail, name="worker_detail"),
    path("workers/<int:pk>/edit/", workers.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/reveal/", workers.worker_reveal, name="worker_reveal"),
]

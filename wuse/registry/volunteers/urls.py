from django.urls import path

from . import views, views_certificates, views_service, views_teams

app_name = "volunteers"
urlpatterns = [
    path("", views.volunteer_list, name="list"),
    path("new/", views.volunteer_create, name="create"),
    path("me/", views_certificates.me, name="me"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/reveal/", views.volunteer_reveal, name="reveal"),
    path("<int:pk>/notes/add/", views.note_add, name="note_add"),
    path("<int:pk>/certificates/issue/", views_certificates.certificate_create, name="certificate_issue"),
    path("certificates/<int:pk>/pdf/", views_certificates.certificate_download, name="certificate_pdf"),
    path("teams/", views_teams.team_list, name="teams"),
    path("teams/new/", views_teams.team_create, name="team_create"),
    path("teams/<int:pk>/", views_teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/add/", views_teams.team_member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:volunteer_pk>/remove/", views_teams.team_member_remove,
         name="team_member_remove"),
    path("teams/<int:pk>/leader/", views_teams.team_leader, name="team_leader"),
    path("teams/<int:pk>/activity/", views_service.team_activity, name="team_activity"),
    path("entries/", views_service.entry_list, name="entries"),
    path("entries/new/", views_service.entry_create, name="entry_create"),
    path("entries/verify/", views_service.entries_verify, name="entries_verify"),
    path("entries/<int:pk>/", views_service.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/verify/", views_service.entry_verify, name="entry_verify"),
    path("entries/<int:pk>/reject/", views_service.entry_reject, name="entry_reject"),
]

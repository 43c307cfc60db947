from django.urls import path

from .views import certificates, entries, teams, volunteers

app_name = "volunteers"
urlpatterns = [
    path("", volunteers.volunteer_list, name="list"),
    path("new/", volunteers.volunteer_create, name="create"),
    path("me/", certificates.me, name="me"),
    path("<int:pk>/", volunteers.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", volunteers.volunteer_edit, name="edit"),
    path("<int:pk>/reveal/", volunteers.volunteer_reveal, name="reveal"),
    path("<int:pk>/notes/add/", volunteers.note_add, name="note_add"),
    path("<int:pk>/certificates/issue/", certificates.certificate_create, name="certificate_issue"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_download, name="certificate_pdf"),
    path("teams/", teams.team_list, name="teams"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/members/add/", teams.team_member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:volunteer_pk>/remove/", teams.team_member_remove,
         name="team_member_remove"),
    path("teams/<int:pk>/leader/", teams.team_leader, name="team_leader"),
    path("teams/<int:pk>/activity/", entries.team_activity, name="team_activity"),
    path("entries/", entries.entry_list, name="entries"),
    path("entries/new/", entries.entry_create, name="entry_create"),
    path("entries/verify/", entries.entries_verify, name="entries_verify"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/verify/", entries.entry_verify, name="entry_verify"),
    path("entries/<int:pk>/reject/", entries.entry_reject, name="entry_reject"),
]

from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<str:key>/", views.rule_edit, name="rule_edit"),
    path("log/", views.send_log, name="log"),
]

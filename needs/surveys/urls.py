from django.urls import path, re_path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", views.campaign_transition, name="transition"),
    path("<int:pk>/qr.svg", views.campaign_qr, name="qr"),
    path("<int:pk>/export/", views.campaign_export, name="export"),
    path("<int:pk>/questions/new/<slug:kind>/", views.question_create, name="question_create"),
    path("<int:pk>/questions/<int:qid>/edit/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:qid>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:qid>/move/<slug:direction>/", views.question_move, name="question_move"),
    path("<int:pk>/questions/<int:qid>/answers/", views.text_answers, name="text_answers"),
    path("<int:pk>/enter/", views.response_enter, name="enter"),
    path("<int:pk>/responses/", views.response_list, name="responses"),
    path("<int:pk>/answers/<int:aid>/to-need/", views.answer_to_need, name="to_need"),
    path("<int:pk>/answers/<int:aid>/support/", views.answer_support, name="support"),
    # Public: the link and QR code residents open on their phone (no account).
    re_path(r"^p/(?P<token>[A-Za-z0-9_-]{8,43})/$", views.public_survey, name="public"),
    re_path(r"^p/(?P<token>[A-Za-z0-9_-]{8,43})/thanks/$", views.public_thanks, name="public_thanks"),
]

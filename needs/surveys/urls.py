from django.urls import path, re_path

from .views import campaigns, entry, export, public, questions, responses

app_name = "surveys"
urlpatterns = [
    path("", campaigns.campaign_list, name="list"),
    path("new/", campaigns.campaign_create, name="create"),
    path("<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", campaigns.campaign_transition, name="transition"),
    path("<int:pk>/qr.svg", campaigns.campaign_qr, name="qr"),
    path("<int:pk>/export/", export.campaign_export, name="export"),
    path("<int:pk>/questions/new/<slug:kind>/", questions.question_create, name="question_create"),
    path("<int:pk>/questions/<int:qid>/edit/", questions.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:qid>/delete/", questions.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:qid>/move/<slug:direction>/", questions.question_move, name="question_move"),
    path("<int:pk>/questions/<int:qid>/answers/", responses.text_answers, name="text_answers"),
    path("<int:pk>/enter/", entry.response_enter, name="enter"),
    path("<int:pk>/responses/", responses.response_list, name="responses"),
    path("<int:pk>/answers/<int:aid>/to-need/", responses.answer_to_need, name="to_need"),
    path("<int:pk>/answers/<int:aid>/support/", responses.answer_support, name="support"),
    # Public: the link and QR code residents open on their phone (no account).
    re_path(r"^p/(?P<token>[A-Za-z0-9_-]{8,43})/$", public.public_survey, name="public"),
    re_path(r"^p/(?P<token>[A-Za-z0-9_-]{8,43})/thanks/$", public.public_thanks, name="public_thanks"),
]

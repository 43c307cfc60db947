from django.urls import path

from . import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_create, name="create"),
    path("new/partners/", views.partner_call_create, name="create_partners"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.call_transition, name="transition"),
    path("<int:pk>/bid/", views.bid_create, name="bid"),
    path("<int:pk>/bid/team/", views.bid_team, name="bid_team"),
    path("<int:pk>/bids/<int:bid_pk>/<slug:name>/", views.bid_decide, name="decide"),
    path("<int:pk>/bids.xlsx", views.bids_export, name="export"),
    path("<int:pk>/select/", views.call_select, name="select"),
]

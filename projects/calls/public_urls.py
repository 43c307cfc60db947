from django.urls import path

from . import public_views

app_name = "calls_public"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("results/", public_views.public_results, name="results"),
    path("<int:pk>/", public_views.public_call, name="call"),
]

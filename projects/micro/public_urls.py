app_name = "micro_public"
urlpatterns: list = []

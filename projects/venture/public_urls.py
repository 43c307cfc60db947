app_name = "venture_public"
urlpatterns: list = []

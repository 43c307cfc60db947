app_name = "calls_public"
urlpatterns: list = []

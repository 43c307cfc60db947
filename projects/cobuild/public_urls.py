app_name = "cobuild_public"
urlpatterns: list = []

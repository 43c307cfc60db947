app_name = "cobuild"
urlpatterns: list = []

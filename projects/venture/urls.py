app_name = "venture"
urlpatterns: list = []

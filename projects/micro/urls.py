app_name = "micro"
urlpatterns: list = []

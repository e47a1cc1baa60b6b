app_name = "vacatures"

urlpatterns: list = []

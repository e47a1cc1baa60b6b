app_name = "kandidaten"

urlpatterns: list = []

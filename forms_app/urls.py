from django.urls import path

from forms_app import file_views, views

app_name = "forms_app"

urlpatterns = [
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
    path("files/<int:pk>/", file_views.application_file, name="application_file"),
]

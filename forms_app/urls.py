from django.urls import path

from forms_app import file_views, my_data, verification_views, views

app_name = "forms_app"

urlpatterns = [
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
    path("my-data/", my_data.my_data, name="my_data"),
    path("verification/send/", verification_views.send_code, name="send_code"),
    path("files/<int:pk>/", file_views.application_file, name="application_file"),
]

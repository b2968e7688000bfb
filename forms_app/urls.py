from django.urls import path

from forms_app import file_views, verification_views, views

app_name = "forms_app"

urlpatterns = [
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
    path("verification/send/", verification_views.send_code, name="send_code"),
    path("files/<int:pk>/", file_views.application_file, name="application_file"),
]

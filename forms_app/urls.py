from django.urls import path

from forms_app import views

app_name = "forms_app"

urlpatterns = [
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
]

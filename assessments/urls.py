"""URLs of the exam office, mounted under /exams/ (app namespace ``assessments``)."""

from django.urls import path

from assessments.views import certificates as certificate_views

app_name = "assessments"

urlpatterns: list = [
    path("certificates/verify/", certificate_views.verify, name="certificate_verify"),
]

"""URLs of the exam office, mounted under /exams/ (app namespace ``assessments``)."""

from django.urls import path

from assessments.views import certificates as certificate_views
from assessments.views.documents import applicant as documents_applicant

app_name = "assessments"

urlpatterns: list = [
    path("certificates/verify/", certificate_views.verify, name="certificate_verify"),
    # documents: the applicant's own ticket, linked from the status page (signed token)
    path("ticket/<str:token>/", documents_applicant.ticket_download, name="ticket_download"),
]

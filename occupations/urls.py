from django.urls import path

from occupations import views

urlpatterns = [
    path("eligibility/", views.checker, name="eligibility_checker"),
]

"""URLs of the exam office, mounted under /exams/ (app namespace ``assessments``)."""

app_name = "assessments"

urlpatterns: list = []

from django.urls import path

from forms_app import applicant_views, file_views, my_data, verification_views, views

app_name = "forms_app"

urlpatterns = [
    path("", views.apply_index, name="index"),
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
    path("my-data/", my_data.my_data, name="my_data"),
    path("status/manage/", applicant_views.manage_start, name="manage_start"),
    path("status/manage/end/", applicant_views.manage_end, name="manage_end"),
    path("status/manage/<str:number>/", applicant_views.manage, name="manage"),
    path("status/manage/<str:number>/withdraw/", applicant_views.withdraw, name="withdraw"),
    path("status/manage/<str:number>/amend/", applicant_views.amend, name="amend"),
    path("verification/send/", verification_views.send_code, name="send_code"),
    path("files/<int:pk>/", file_views.application_file, name="application_file"),
]

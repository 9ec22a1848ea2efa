from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("partner/<int:partner_id>/", views.questionnaire, name="questionnaire"),
    path("result/<int:screening_id>/", views.result, name="result"),
    path("back-care/", views.back_care, name="back_care"),
]

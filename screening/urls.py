from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("partner/<int:partner_id>/", views.questionnaire, name="questionnaire"),
]

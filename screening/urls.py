from django.urls import path

from . import views
from .pages import Page

app_name = "screening"

urlpatterns = [
    path("partner/<int:partner_id>/", views.questionnaire, name="questionnaire"),
    # One named route per page (not a <slug:> parameter), so each page is reversed by name.
    *(
        path(f"partner/<int:partner_id>/{page.value}/", views.page, {"page": page}, name=page.value)
        for page in Page
    ),
    path("result/<int:screening_id>/", views.result, name="result"),
    path("back-care/", views.back_care, name="back_care"),
]

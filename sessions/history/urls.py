from django.urls import path

from . import views

app_name = "history"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/note/", views.session_note, name="note"),
    path("<int:session_id>/delete/", views.session_delete_view, name="delete"),
    path("trends/", views.trends_index, name="trends_index"),
    path("trends/<int:partner_id>/", views.trends, name="trends"),
    path("export.csv", views.export, {"extension": "csv"}, name="export_csv"),
    path("export.json", views.export, {"extension": "json"}, name="export_json"),
]

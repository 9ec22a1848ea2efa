from django.urls import path

from . import history_views

app_name = "history"

urlpatterns = [
    path("", history_views.session_list, name="list"),
    path("<int:session_id>/", history_views.session_detail, name="detail"),
    path("<int:session_id>/note/", history_views.session_note, name="note"),
    path("<int:session_id>/delete/", history_views.session_delete_view, name="delete"),
    path("trends/", history_views.trends_index, name="trends_index"),
    path("trends/<int:partner_id>/", history_views.trends, name="trends"),
    path("export.csv", history_views.export_csv, name="export_csv"),
    path("export.json", history_views.export_json, name="export_json"),
    path("account/delete/", history_views.account_delete_view, name="account_delete"),
]

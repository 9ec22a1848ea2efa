from django.urls import path

from . import report_views, views

app_name = "history"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/note/", views.session_note, name="note"),
    path("<int:session_id>/delete/", views.session_delete_view, name="delete"),
    path("trends/", views.trends_index, name="trends_index"),
    path("trends/<int:partner_id>/", views.trends, name="trends"),
    path("report/<int:partner_id>/", report_views.report, name="report"),
    path("report/<int:partner_id>/share/", report_views.report_share, name="report_share"),
    path(
        "report/<int:partner_id>/share/<int:share_id>/stop/",
        report_views.report_share_stop,
        name="report_share_stop",
    ),
    path("export.csv", views.export, {"extension": "csv"}, name="export_csv"),
    path("export.json", views.export, {"extension": "json"}, name="export_json"),
]

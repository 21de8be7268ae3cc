from django.urls import path

from rpl.web.clinic import governance_views, inbox_views, views

app_name = "clinic"

urlpatterns = [
    path("records/", views.record_list, name="records"),
    path("records/new/", views.record_new, name="record-new"),
    path("records/import/", views.record_import, name="record-import"),
    path("records/<slug:local_id>/", views.record_detail, name="record"),
    path("records/<slug:local_id>/edit/", views.record_edit, name="record-edit"),
    path("records/<slug:local_id>/export/", views.record_export, name="record-export"),
    path("records/<slug:local_id>/assessment/", views.record_assessment, name="assessment"),
    path("records/<slug:local_id>/report/", views.record_report, name="report"),
    path("calculators/", views.calculator_list, name="calculators"),
    path("calculators/<slug:name>/", views.calculator_detail, name="calculator"),
    path("reviews/", governance_views.review_list, name="reviews"),
    path("reviews/evidence-report/", governance_views.evidence_report, name="evidence-report"),
    path("reviews/<slug:kind>/<str:item_id>/", governance_views.review_detail, name="review"),
    path("profiles/", views.profile_list, name="profiles"),
    path("profiles/new/", governance_views.clinic_profile_edit, name="clinic-profile-new"),
    path(
        "profiles/<slug:profile_id>/edit/",
        governance_views.clinic_profile_edit,
        name="clinic-profile-edit",
    ),
    path("bookings/", inbox_views.booking_list, name="bookings"),
    path("bookings/day/", inbox_views.booking_day, name="booking-day"),
    path("bookings/<str:reference>/", inbox_views.booking_detail, name="booking"),
    path("bookings/<str:reference>/record/", inbox_views.booking_to_record, name="booking-record"),
    path("questions/", inbox_views.question_list, name="questions"),
    path("questions/<int:pk>/", inbox_views.question_detail, name="question"),
]

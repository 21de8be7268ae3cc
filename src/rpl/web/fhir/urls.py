"""URLs of the FHIR face. Specific routes first: `metadata`, the operations and the terminology
before the generic `<type>` and `<type>/<id>`."""

from django.urls import path

from rpl.web.fhir import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("$export", views.export_kickoff, name="export"),
    path("Patient/$export", views.export_kickoff, name="patient-export"),
    path("$export-status/<str:job>", views.export_status, name="export-status"),
    path("$export-file/<str:job>/<str:file_name>", views.export_file, name="export-file"),
    path("$import", views.ndjson_import, name="import"),
    path("CodeSystem", views.code_systems, name="code-systems"),
    path("CodeSystem/<str:code_system_id>", views.code_system, name="code-system"),
    path("ValueSet", views.value_sets, name="value-sets"),
    path("ValueSet/<str:value_set_id>", views.value_set, name="value-set"),
    path("ConceptMap", views.concept_maps, name="concept-maps"),
    path("ConceptMap/<str:concept_map_id>", views.concept_map, name="concept-map"),
    path("Patient/<str:resource_id>/$everything", views.everything, name="everything"),
    path("<str:resource_type>", views.search, name="search"),
    path("<str:resource_type>/<str:resource_id>", views.read, name="read"),
]

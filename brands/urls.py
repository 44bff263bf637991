from django.urls import path

from brands.views import cases, overview, project_zero, registry, takedowns, transparency

app_name = "brands"
urlpatterns = [
    path("", overview.index, name="index"),
    path("apply/", registry.brand_apply, name="brand_apply"),
    path("<int:pk>/", registry.brand_detail, name="brand_detail"),
    path("<int:pk>/authorise/", registry.brand_authorise, name="brand_authorise"),
    path("authorisations/<int:pk>/revoke/", registry.authorisation_revoke, name="authorisation_revoke"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/confirm/", cases.case_confirm, name="case_confirm"),
    path("cases/<int:pk>/dismiss/", cases.case_dismiss, name="case_dismiss"),
    path("project-zero/", project_zero.project_zero_page, name="project_zero"),
    path("project-zero/join/", project_zero.project_zero_join, name="project_zero_join"),
    path("notices/", takedowns.notice_list, name="notice_list"),
    path("notices/<int:pk>/", takedowns.notice_detail, name="notice_detail"),
    path("transparency/", transparency.transparency_page, name="transparency"),
    path("transparency/enrolments/<int:pk>/batches/", transparency.batch_create, name="batch_create"),
    path("transparency/batches/<int:pk>/", transparency.batch_detail, name="batch_detail"),
    path("transparency/batches/<int:pk>/codes.csv", transparency.batch_csv, name="batch_csv"),
    path("transparency/batches/<int:pk>/labels/", transparency.batch_labels, name="batch_labels"),
]

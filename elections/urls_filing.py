"""Filing upward (备案): /filings/… (elections.views.filing)."""

from django.urls import path

from .views import filing

app_name = "filings"
urlpatterns = [
    path("", filing.filings, name="list"),
    path("<int:pk>/", filing.filing_detail, name="detail"),
    path("<int:pk>/documents/<int:doc_pk>/", filing.filing_document, name="document"),
    path("<int:pk>/acknowledge/", filing.filing_acknowledge, name="acknowledge"),
]

"""The project's URLs plus the Excel import/export views under the ``needs_excel`` namespace,
for tests/test_needs_excel.py until needs/urls.py includes them."""

from django.urls import include, path

import wuse.urls
from needs.views import excel as excel_views

urlpatterns = [path("needs/excel/", include((excel_views.urlpatterns, "needs_excel"))), *wuse.urls.urlpatterns]

handler403 = wuse.urls.handler403

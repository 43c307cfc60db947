"""The project's URLs plus the bare 20-row view the served bench compares the needs list with."""

from django.urls import path

from bench.bare import bare
from wuse import urls as project

urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project.urlpatterns]
handler403 = project.handler403

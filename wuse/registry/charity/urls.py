from django.urls import path, register_converter

from wuse.core.converters import DivisionCodeConverter

from .views import donations, donors, resource_lists


class YearConverter:
    """A four-digit year in a URL, as an int."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


class CodeConverter(DivisionCodeConverter):
    pass


register_converter(YearConverter, "charity_year")
register_converter(CodeConverter, "charity_unit")

app_name = "charity"
urlpatterns = [
    path("donors/", donors.donor_list, name="donors"),
    path("donors/new/", donors.donor_create, name="donor_create"),
    path("donors/<int:pk>/", donors.donor_detail, name="donor_detail"),
    path("donors/<int:pk>/edit/", donors.donor_edit, name="donor_edit"),
    path("donors/<int:pk>/reveal/", donors.donor_reveal, name="donor_reveal"),
    path("donations/", donations.donation_list, name="donations"),
    path("donations/new/", donations.donation_create, name="donation_create"),
    path("donations/<int:pk>/", donations.donation_detail, name="donation_detail"),
    path("donations/<int:pk>/receipt/", donations.donation_receipt, name="donation_receipt"),
    path("donations/<int:pk>/allocate/", donations.allocation_create, name="allocate"),
    path("allocations/<int:pk>/use/", donations.allocation_use, name="allocation_use"),
    path("allocations/<int:pk>/release/", donations.allocation_release, name="allocation_release"),
    path("resource-lists/", resource_lists.resource_list_index, name="resource_lists"),
    path("resource-lists/<charity_unit:code>/<charity_year:year>/", resource_lists.resource_list_detail,
         name="resource_list"),
    path("resource-lists/<charity_unit:code>/<charity_year:year>/publish/", resource_lists.resource_list_publish,
         name="resource_list_publish"),
    path("resource-lists/<charity_unit:code>/<charity_year:year>/v<int:number>/",
         resource_lists.resource_list_version, name="resource_list_version"),
    path("public/<charity_unit:code>/<charity_year:year>/", resource_lists.public_resource_list,
         name="public_resource_list"),
]

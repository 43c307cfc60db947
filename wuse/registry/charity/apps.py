from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "wuse.registry.charity"
    label = "charity"
    verbose_name = _("Charitable resources")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.registry.hub import register_section

        from . import access  # noqa: F401  (declares the charity actions in the policy table)
        from .demo import load_charity_demo

        register_demo(order=60, loader=load_charity_demo)
        from .home import register as register_home

        register_home()  # shortcuts on the home page (wuse.core.home)
        from .figures import register as register_figures

        register_figures()
        register_section(order=60, label=_("Donors and funds"),
                         description=_("Enterprises, foundations, community charity funds and individuals who "
                                       "give to the community."),
                         url_name="registry:charity:donors", action="donor.view")
        register_section(order=61, label=_("Donations"),
                         description=_("Donations in money, goods or services, with receipts, and what is "
                                       "committed and used."),
                         url_name="registry:charity:donations", action="donation.view")
        register_section(order=62, label=_("Resource lists"),
                         description=_("The community's resource list (资源清单) per year, published without "
                                       "personal data."),
                         url_name="registry:charity:resource_lists", action="resource_list.view")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The app's URLs are mounted inside the registry's namespace (wuse/registry/urls.py).
NS = "registry:organizations"


class OrganizationsConfig(AppConfig):
    name = "wuse.registry.organizations"
    label = "organizations"
    verbose_name = _("Social organizations")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav
        from wuse.registry.hub import register_section

        from . import access  # noqa: F401  (declares the organization actions in the policy table)
        from .demo import load_organizations_demo

        register_demo(order=40, loader=load_organizations_demo)
        from .figures import register as register_figures

        register_figures()
        register_nav(order=41, label=_("My organization"), url_name=f"{NS}:mine", action="organization.own")
        from .home import register as register_home

        register_home()  # queues and shortcuts on the home page (wuse.core.home)
        register_section(order=10, label=_("Social organizations"),
                         description=_("Social organizations, community social organizations and social-work "
                                       "agencies: registration, service areas, rating, status and members."),
                         url_name=f"{NS}:list", action="organization.view")
        register_section(order=20, label=_("Social workers"),
                         description=_("Social workers and full-time community workers, their certificates and "
                                       "the share of certified community workers per unit against Zhejiang's "
                                       "target."),
                         url_name=f"{NS}:workers", action="social_worker.view")

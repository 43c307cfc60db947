from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "wuse.registry.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav
        from wuse.registry.hub import register_section

        from . import access  # noqa: F401  (declares the volunteer actions in the policy table)
        from .demo import load_volunteers_demo

        register_demo(order=50, loader=load_volunteers_demo)
        from .figures import register as register_figures

        register_figures()
        register_nav(order=44, label=_("My volunteer record"), url_name="registry:volunteers:me",
                     action="volunteer.self")
        from .home import register as register_home

        register_home()  # queues, shortcuts and the volunteer's card on the home page (wuse.core.home)
        register_section(order=40, label=_("Volunteers"),
                         description=_("Volunteers' records (民政部令第67号): skills, services and hours, "
                                       "training, certificates and balances."),
                         url_name="registry:volunteers:list", action="volunteer.view")
        register_section(order=42, label=_("Volunteer teams"),
                         description=_("Teams hosted by communities and streets, their members and leaders."),
                         url_name="registry:volunteers:teams", action="volunteer_team.view")
        register_section(order=44, label=_("Service records"),
                         description=_("Record services and team activities; verify them (awaiting verification "
                                       "first)."),
                         url_name="registry:volunteers:entries", action="service_entry.view")

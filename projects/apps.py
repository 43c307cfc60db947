from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav, register_region_link
        from wuse.registry.charity.targets import register_target

        from . import access  # noqa: F401  (declares the project actions and the undertaker's reach)
        from .demo import demo_allocation_target, load_projects_demo
        from .figures import register as register_figures
        from .home import register as register_home
        from .models import Project
        from .views.tabs import register as register_tabs

        register_nav(order=20, label=_("Projects"), url_name="projects:list", action="project.view")
        register_nav(order=21, label=_("My projects"), url_name="projects:mine", action="project.own")
        register_region_link(order=20, label=_("Projects in this unit"), url_name="projects:list",
                             action="project.view")
        register_home()
        register_figures()
        register_tabs()
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)
        # After the registry's demo (organizations, volunteers) and before the charity demo, which allocates
        # part of a gift to a project of 上保社区.
        register_demo(order=58, loader=load_projects_demo)
        register_target(Project, label_fn=lambda project: f"{project.code} {project.title}",
                        region_fn=lambda project: project.region_id, view_action="project.view",
                        demo=demo_allocation_target)

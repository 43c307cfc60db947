from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav, register_region_link

        from . import access  # noqa: F401  (declares the need actions in the policy table)
        from .demo import demo_allocation_target, load_needs_demo
        from .excel.jobs import register_import_job

        register_nav(order=10, label=_("Needs register"), url_name="needs:list", action="need.view")
        register_nav(order=11, label=_("Waiting for me"), url_name="needs:waiting", action="need.verify")
        register_nav(order=12, label=_("Needs lists"), url_name="needs:lists", action="needs_list.view")
        register_region_link(order=10, label=_("Needs in this unit"), url_name="needs:list", action="need.view")
        register_demo(order=10, loader=load_needs_demo)
        register_import_job()  # large Excel imports run as background jobs (wuse.jobs)
        from .home import register as register_home

        register_home()  # queues and shortcuts on the home page (wuse.core.home)
        from .figures import register as register_figures

        register_figures()
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)

        from django.db.models.signals import post_migrate

        from .counts import ensure_triggers

        # SQLite drops a table's triggers when a migration rebuilds it: put the counts' triggers back.
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="needs.counts.ensure_triggers")

        from wuse.registry.charity.targets import register_target

        from .models import Need

        # Donations may be committed to a need (the core's charity registry does not import the steps).
        register_target(Need, label_fn=lambda need: need.title, region_fn=lambda need: need.community_id,
                        view_action="need.view", demo=demo_allocation_target)

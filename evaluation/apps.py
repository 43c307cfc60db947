from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    label = "evaluation"
    verbose_name = _("Project evaluation")

    def ready(self) -> None:
        from wuse.core.demo import register_demo
        from wuse.core.shell import register_nav

        from . import (
            access,  # noqa: F401  (declares the evaluation actions, the evaluator's grant and the reaches)
            satisfaction_access,  # noqa: F401  (the satisfaction survey's actions and reach)
        )
        from .demo import load_evaluation_demo
        from .home import register as register_home
        from .kpis import register as register_kpis
        from .models import Evaluation

        register_nav(order=25, label=_("Project evaluations"), url_name="evaluation:list", action="evaluation.view",
                     model=Evaluation)
        register_home()
        register_kpis()
        from .reminders import register as register_reminders

        register_reminders()  # reminder rules (wuse.notify)

        # After the delivery's demo (59) and the charity's (60): the project awaiting evaluation has its delivery
        # records by then.
        register_demo(order=62, loader=load_evaluation_demo)

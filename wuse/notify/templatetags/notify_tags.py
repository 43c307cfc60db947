"""``{% reminder_chain path %}``: on an item's page, the reminders sent about it (the unit told, then the
street and the district it was escalated to), read in one query; nothing at all when there are none."""

from django import template

from wuse.notify import selectors

register = template.Library()


@register.inclusion_tag("notify/_chain.html")
def reminder_chain(path):
    return {"chain": selectors.reminder_chain(str(path or ""))}

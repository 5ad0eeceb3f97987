"""How often a step is due, in words, for templates that list steps."""

from django import template

from routines import schedule

register = template.Library()


@register.filter
def schedule_text(step) -> str:
    """'Every day', 'Every 3 days', 'Mon, Wed, Fri', 'Alternates with Retinol cream'."""
    return schedule.describe(step)

from django import template

from public.labels import place_name

register = template.Library()


@register.filter
def place(name: str) -> str:
    """A place's name in the page's language (Welsh names of places in Wales)."""
    return place_name(str(name))

"""The language switcher: the same page in English or in Welsh (docs/public-face.md).

The choice lives in the address (/cy/…), never in a cookie, so a page sets no cookie.
"""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()

# The language switcher offers these, each named in itself.
SWITCHABLE = (("en-gb", "English", "en"), ("cy", "Cymraeg", "cy"))


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One link per interface language: the current page's address in that language."""
    request = context.get("request")
    current = translation.get_language()
    links = []
    for code, name, lang in SWITCHABLE:
        url = translate_url(request.path, code) if request else "/"
        if code != current and request and url == request.path:
            # No such page in that language (a staff page, an unknown address): its home.
            with translation.override(code):
                url = reverse("core:home")
        elif request and request.GET:
            url += "?" + request.GET.urlencode()
        links.append(
            {"code": code, "name": name, "lang": lang, "url": url, "current": code == current}
        )
    return links


@register.simple_tag
def page_lang() -> str:
    """The value of <html lang>: "cy" on Welsh pages, else "en"."""
    return "cy" if translation.get_language() == "cy" else "en"

"""Values the public parts of every page need: Exit this page's target, the contact address."""

from django.conf import settings


def public(request):
    return {"exit_page_url": settings.EXIT_PAGE_URL, "contact_email": settings.CONTACT_EMAIL}

import pytest

from demo.case_studies import SOURCE, demo_case_studies
from library.models import CaseStudy
from tests.pages import fetch

pytestmark = pytest.mark.django_db


def test_annex_a_is_loaded_once_attributed_and_public(client):
    assert demo_case_studies() == 6
    assert demo_case_studies() == 0
    assert CaseStudy.objects.approved().filter(source=SOURCE).count() == 6
    html = fetch(client, "/good-practice/?q=car+wash").content.decode()
    assert "Modern slavery campaign at car washes" in html

import pytest

from tests.factories import make_return


@pytest.fixture
def area_a_return(provider_a, area_a, period):
    """Area A: Caribbean referrals far below the population share, White British plenty."""
    cells = [
        {
            "ethnicity": "13",
            "outcome": "SUPPORTED_COMPLETED",
            "pathway": "POLICE",
            "sex": "F",
            "count": 700,
        },
        {
            "ethnicity": "13",
            "outcome": "SUPPORTED_DISENGAGED",
            "pathway": "SELF",
            "sex": "M",
            "count": 100,
        },
        {
            "ethnicity": "7",
            "outcome": "SUPPORTED_DISENGAGED",
            "pathway": "POLICE",
            "sex": "F",
            "count": 3,
        },
        {
            "ethnicity": "3",
            "outcome": "SUPPORTED_COMPLETED",
            "pathway": "POLICE",
            "sex": "M",
            "count": 60,
        },
        {
            "ethnicity": "4",
            "outcome": "SUPPORTED_COMPLETED",
            "pathway": "SELF",
            "sex": "F",
            "count": 90,
        },
        {"ethnicity": "PNS", "outcome": "DECLINED", "pathway": "POLICE", "count": 40},
        {"ethnicity": "NK", "outcome": "NO_CONTACT", "pathway": "POLICE", "count": 30},
        {"ethnicity": "ASIAN", "outcome": "OPEN", "pathway": "HEALTH", "count": 5},
    ]
    measures = [
        {"ethnicity": "13", "measure": "SATISFIED", "answer": "YES", "count": 500},
        {"ethnicity": "13", "measure": "SATISFIED", "answer": "NO", "count": 50},
        {"ethnicity": "4", "measure": "SATISFIED", "answer": "NO", "count": 40},
        {"ethnicity": "4", "measure": "SATISFIED", "answer": "YES", "count": 30},
    ]
    return make_return(
        provider=provider_a, area=area_a, period=period, cells=cells, measures=measures
    )


@pytest.fixture
def area_b_return(provider_b, area_b, period):
    return make_return(
        provider=provider_b,
        area=area_b,
        period=period,
        cells=[{"ethnicity": "13", "outcome": "SUPPORTED_COMPLETED", "count": 50}],
    )

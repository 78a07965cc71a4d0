"""The self-assessment pages, declared: one page per Quality Standard, read by one view.

Each page lists the figures Reach computes that bear on the standard (assurance/figures.py
card keys) and where the commissioner records the evidence behind it. The guidance's
chapters say which evidence supports which standard: understanding needs through data and
engagement (QS1), proportionate services and workforce diversity (QS2), awareness through
outreach, pathways and indicators (QS3).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    url_name: str
    text: str


@dataclass(frozen=True)
class StandardPage:
    number: int
    cards: tuple[str, ...]
    evidence: tuple[Evidence, ...]


PAGES: dict[int, StandardPage] = {
    page.number: page
    for page in (
        StandardPage(
            1,
            cards=("representation", "outcomes", "engagement"),
            evidence=(Evidence("assurance:engagement", "Engagement record"),),
        ),
        StandardPage(
            2,
            cards=("representation", "outcomes", "workforce"),
            evidence=(Evidence("assurance:workforce", "Workforce diversity"),),
        ),
        StandardPage(
            3,
            cards=("pathways", "outreach", "awareness"),
            evidence=(
                Evidence("assurance:outreach", "Outreach log"),
                Evidence("assurance:awareness", "Awareness indicators"),
            ),
        ),
    )
}

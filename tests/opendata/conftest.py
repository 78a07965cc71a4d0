from tests.published import figures, live_report  # noqa: F401  (fixtures)

"""Names used where the dead-code check cannot see them (scripts/deadcode.py), and why."""
# ruff: noqa: B018 (a whitelist is bare names, read by vulture, never run)

from api import authentication
from demo import generator
from reports import tasks as report_tasks
from reports.pdf import layout
from returns import tasks as return_tasks
from stats import differences, proportions

# drf-spectacular finds OpenAPI extensions by subclassing, and names them nowhere.
authentication.ProviderTokenScheme
authentication.VerifiedSessionScheme
# ReportLab calls this hook on the document template after each flowable.
layout.ReturnDocTemplate.afterFlowable
# Part of the intervals' API: the statistics tests check every limit with it.
proportions.Interval.excludes
differences.Difference.excludes
# The tests prove the demo's record files hold what the demo data set stores.
generator.records_for_return
# The task queue calls these when a worker died holding their task (core/queue.py, when_lost).
report_tasks._build_lost
return_tasks._check_lost

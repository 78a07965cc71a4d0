"""The Quality Standards assurance cycle (docs/product.md, "The assurance cycle").

- The standards as data: assurance/data/standards_*.json, loaded by
  `manage.py load_standards` (idempotent; a new edition adds rows).
- Evidence: workforce (QS2), engagement (QS1), outreach and awareness (QS3).
- The self-assessment (one page per standard, assurance/pages.py), signed off and
  submitted; the review: ratings, challenges, action plans and escalation, whose allowed
  moves are the tables in assurance/workflow.py.
- Writes: assurance/services/; reads for other apps: assurance/selectors.py;
  emails: assurance/notifications.py and `manage.py send_action_reminders` (daily).
"""

"""Reminder planning: when each chat is reminded of each cut-off, and the outbox rows for it.

Planning inserts only the rows due within a horizon (default 36 hours; the plan tick runs every
few minutes), so the outbox holds what is about to be sent, not years of future rows. A
reminder whose time passed while the bot was down is planned too, as long as its cut-off is
today or later; of several missed reminders of one cut-off only the latest is kept.

Modules: `times` (pure reminder times), `context` (what a run reads), `desired` (the rows to
have), `bulk_insert` (inserting them), `reconcile` (moving and cancelling pending rows),
`wake` (when time alone changes the plan), `run` (`plan_reminders`), `schedule` (a chat's
future reminders).
"""

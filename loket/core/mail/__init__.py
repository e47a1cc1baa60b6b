"""Outgoing mail: one recorded message per reason, sent once by a worker, never at night.

Other apps use ``loket.core.mail.outbox.mail_queue`` to send anything, and
``loket.core.mail.reminders.reminder_rule`` to add a periodic reminder.
"""

"""Outgoing mail: one recorded message per reason, sent once by a worker, never at night.

Other apps use ``loket.mail.services.mail_queue`` to send anything, and
``loket.mail.reminders.reminder_rule`` to add a periodic reminder.
"""

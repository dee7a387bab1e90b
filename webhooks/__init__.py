"""Webhooks: signed JSON messages to the association's other systems when something happens here.

Staff register endpoints in admin (an HTTPS URL, a secret, the events to send). A service calls
``webhooks.services.emit(event, instance)`` inside its transaction; each app declares the public fields
of its events in ``<app>/webhooks.py``, listed in the ``WEBHOOK_EVENTS`` setting.
"""

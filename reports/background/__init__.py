"""Documents prepared in the background (django-tasks): asked for, followed, downloaded.

`services.request_document` is the one way to ask for one; `kinds.KINDS` says what each kind
of document is built by; `tasks.build_document` is the task a worker runs; the pages are
«Мои документы» and a document's own page (`views.py`).
"""

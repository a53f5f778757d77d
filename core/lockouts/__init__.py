"""Brute-force protection of the login (django-axes): the page a locked-out visitor gets,
and the curator's page of lockouts and failed logins, with unlocking."""

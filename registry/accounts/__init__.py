"""Logins of the people of the bases, given by the curator, and every user's own password."""

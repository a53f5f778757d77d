"""Retention and destruction of personal data (152-ФЗ, article 21): the people whose data are
due for destruction, their destruction in one transaction, and the act of it."""

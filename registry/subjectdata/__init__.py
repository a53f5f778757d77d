"""A subject's data on request (152-ФЗ, article 14): every record the app holds on one
person, in one document (PDF and XLSX), itself written in the access log."""

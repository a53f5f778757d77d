"""Answering monitoring questionnaires: the answer form built from a questionnaire version,
the one way a response is saved (`services.submit_response`) or an assignment declined, the
personal link that works without a login (`/q/<token>/`), «Мои анкеты», paper entry by the
curator or a format lead, the list of who has not answered and the sheet of links with QR
codes to hand out.

What the personal link shows: the questionnaire, the format's name and the respondent's first
name only — never the surname, nor anyone else of the pair — so that a link passed on or
seen over a shoulder tells nothing about the mentorship.
"""

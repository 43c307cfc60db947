"""The survey screens, one module per group: ``campaigns`` (list, create, page, edit, status, QR code),
``questions`` (the questionnaire while a draft), ``entry`` (staff typing in a questionnaire, and the
submit the public page shares), ``responses`` (the answers, and an answer turned into a need),
``export`` (the results as xlsx) and ``public`` (the page residents open, without an account).

Each view parses, fetches and authorizes with one call, calls one service and renders.
"""

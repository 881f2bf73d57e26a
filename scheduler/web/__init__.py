"""The web service: coordinators upload a roster on a page (or through the JSON API), the job runs
in the background in a process of its own, and they download the schedule workbook.

``app`` builds the FastAPI application; ``api`` and ``pages`` are its two faces; ``submit`` what
they share; ``auth`` accounts, tokens and the forgery token; ``store`` the SQLite database and
job folders; ``jobs`` the queue that runs each job in ``worker``; ``uploads`` the size cap, the
check of an upload and download names; ``commands`` the ``serve`` and ``users`` commands.
"""

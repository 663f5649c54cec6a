# gunicorn settings recommended by the README: `gunicorn -c gunicorn.conf.py wsgi:app`.
# The access log records the path without its query string (%(U)s): calendar feed secrets
# travel as ?token=… and so never reach the log.
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

# gunicorn settings recommended by the README: `gunicorn -c gunicorn.conf.py wsgi:app`.
# The access log records the path without its query string (%(U)s), and its logger class
# hides every secret that travels in a URL (a feed's ?token=…, the token segment of a
# password-reset or address-verification link), whatever the format holds.
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "4")
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
logger_class = "coworking.ops.gunicorn_hooks.RedactingLogger"

# The app (imported in each worker) learns the real worker count, command line included, and
# warns when several workers would each count rate limits alone (no REDIS_URL).
os.environ.setdefault("WEB_CONCURRENCY", str(workers))


def on_starting(server):
    from coworking.ops.gunicorn_hooks import export_worker_count

    export_worker_count(server)

"""Gunicorn settings for Reach in production (`make serve-production`, docs/architecture.md).

Every setting can be changed by the environment without editing this file. Static files
are served by WhiteNoise from inside the application, so no other server is needed.
"""

import multiprocessing
import os

from gunicorn.http import wsgi

bind = os.environ.get(
    "BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Processes: two per core and one more (gunicorn's advice); each runs a few threads, so a
# slow request (a large upload being written, a document download) does not hold a process.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 2))
# A request that takes longer than this is ended and its process replaced. Uploads are only
# written here; checking them is the task workers' job (core/queue.py).
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
# Longer than a person pauses between pages, so a connection is not closed as they reuse it.
keepalive = 30
# Processes are replaced now and then, so that memory cannot creep up for ever.
max_requests = 5000
max_requests_jitter = 500
# The application is loaded once, before the processes fork: they start quicker and share
# its memory. Django opens no database connection while loading.
preload_app = True
accesslog = os.environ.get("ACCESS_LOG", "-")
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'  # no query strings, no cookies
errorlog = "-"
# Behind a proxy that sets X-Forwarded-For / -Proto, name its address here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "reach-web"

# Gunicorn names itself in a Server header on every response, which tells an attacker what
# to try; Reach sends none.
_default_headers = wsgi.Response.default_headers


def _without_server(self):
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


wsgi.Response.default_headers = _without_server

"""gunicorn's settings in production (docker-compose.yml, Dockerfile: `gunicorn -c python:romantik.gunicorn_conf`).

The access log names the path, never the query string: a complaint's tracking link carries its secret key there
(?kode=…), and whoever reads the logs must not be able to open the complaint. The Referer is left out for the
same reason."""

accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'

# How the audit's Python sample servers listen: on 127.0.0.1, at the port in $PORT (0: a
# free one), printing "listening on <port>" once bound (the test waits for that line).
import os
import socket


def _port():
    return int(os.environ.get("PORT", "0"))


def serve_wsgi(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", _port(), app, threaded=True)
    print(f"listening on {server.port}", flush=True)
    server.serve_forever()


def serve_asgi(app):
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", _port()))
    print(f"listening on {sock.getsockname()[1]}", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])

# A hand-written after_request hook that copies the request's Origin into the response.
import os

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

app = Flask(__name__)


@app.after_request
def add_cors(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.route("/api/me")
def me():
    return jsonify(user="alice")


if __name__ == "__main__":
    server = make_server("127.0.0.1", int(os.environ.get("PORT", "0")), app, threaded=True)
    print(f"listening on {server.port}", flush=True)
    server.serve_forever()

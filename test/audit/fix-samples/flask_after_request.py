# A hand-written after_request hook that copies the request's Origin into the response.
from flask import Flask, jsonify, request
from sample_server import serve_wsgi

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
    serve_wsgi(app)

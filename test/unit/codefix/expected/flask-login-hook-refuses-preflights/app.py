from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["http://localhost:3000"], supports_credentials=True)


@app.before_request
def answer_cors_preflight():
    # Preflights carry no cookies: answer them before a login check can refuse them.
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        return app.make_default_options_response()


@app.before_request
def require_session():
    if request.cookies.get("sid") != "demo-session":
        return jsonify({"error": "sign in first"}), 401

# Notes API. The front end runs on another origin and calls it with fetch().
import os

from flask import Flask, jsonify, request

app = Flask(__name__)

notes = [{"id": 1, "text": "Buy milk"}]


@app.get("/api/notes")
def list_notes():
    return jsonify(notes)


@app.post("/api/notes")
def add_note():
    note = {"id": len(notes) + 1, "text": str((request.get_json(silent=True) or {}).get("text", ""))}
    notes.append(note)
    return jsonify(note), 201


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    if os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        print(f"notes API on http://127.0.0.1:{port}", flush=True)
    app.run(host="127.0.0.1", port=port, debug=True, use_reloader=True)

# The login page sets a `sid` cookie; a real app would look it up in a session store.
def current_user(cookies):
    return {"name": "Ada"} if cookies.get("sid") == "demo-session" else None

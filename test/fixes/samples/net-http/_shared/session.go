package main

import "net/http"

// The login page sets a `sid` cookie; a real app would look it up in a session store.
func currentUser(r *http.Request) map[string]string {
	if c, err := r.Cookie("sid"); err == nil && c.Value == "demo-session" {
		return map[string]string{"name": "Ada"}
	}
	return nil
}

func requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r) == nil {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "sign in first"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

package main

import (
	"net/http"
)

// corsAllowedOrigins are the front ends allowed to call this API from a browser.
var corsAllowedOrigins = map[string]bool{
	"http://localhost:3000": true,
}

// withCORS sends CORS headers to the allowed origins only, and answers their preflights before next runs.
func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The answer depends on Origin, so caches must key on it.
		w.Header().Add("Vary", "Origin")
		if origin := r.Header.Get("Origin"); corsAllowedOrigins[origin] {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				w.Header().Set("Access-Control-Allow-Methods", "PUT")
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
				w.Header().Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/items", items)
	srv := &http.Server{Addr: ":4000", Handler: withCORS(mux)}
	srv.ListenAndServe()
}

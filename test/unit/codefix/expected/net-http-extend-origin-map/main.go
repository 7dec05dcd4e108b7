package main

import "net/http"

var allowed = map[string]bool{
	"https://app.example.com": true,
	"http://localhost:5173":   true,
	"http://localhost:3000":   true,
}

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); allowed[o] {
			w.Header().Set("Access-Control-Allow-Origin", o)
			w.Header().Set("Access-Control-Allow-Headers", "X-Request-Id")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.Header().Set("Access-Control-Allow-Methods", "GET,PUT,DELETE")
		}
		w.Header().Add("Vary", "Origin")
		next.ServeHTTP(w, r)
	})
}

func main() {
	http.ListenAndServe(":4000", withCORS(http.NewServeMux()))
}

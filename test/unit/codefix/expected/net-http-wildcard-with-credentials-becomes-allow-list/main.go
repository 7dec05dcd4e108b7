package main

import "net/http"

var corsAllowedOrigins = map[string]bool{
	"http://localhost:3000": true,
}

// cors lets any page call the API.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Add("Vary", "Origin")
		if origin := req.Header.Get("Origin"); corsAllowedOrigins[origin] {
			w.Header().Set("Access-Control-Allow-Origin", origin)
		}
		w.Header().Set("Access-Control-Allow-Credentials", "true")
		next.ServeHTTP(w, req)
	})
}

func main() {
	http.ListenAndServe(":4000", cors(http.DefaultServeMux))
}

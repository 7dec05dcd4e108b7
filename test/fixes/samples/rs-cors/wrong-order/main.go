package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	mux := newMux()
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"http://localhost:5173"},
		AllowedMethods:   []string{"GET", "POST", "PUT"},
		AllowedHeaders:   []string{"Content-Type"},
		AllowCredentials: true,
	})
	http.ListenAndServe(address(), requireSession(c.Handler(mux)))
}

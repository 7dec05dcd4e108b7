package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	mux := newMux()
	c := cors.New(cors.Options{
		AllowedOrigins: []string{"http://localhost:5173"},
		AllowedMethods: []string{"GET", "POST"},
		AllowedHeaders: []string{"Content-Type"},
	})
	http.ListenAndServe(address(), c.Handler(mux))
}

package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	mux := newMux()
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"http://localhost:3000"},
		AllowedMethods:   []string{"GET", "POST", "PUT"},
		AllowedHeaders:   []string{"Content-Type"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	http.ListenAndServe(address(), c.Handler(mux))
}

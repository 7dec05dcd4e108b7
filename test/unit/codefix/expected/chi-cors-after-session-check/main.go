package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

func main() {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{AllowedOrigins: []string{"http://localhost:3000"}, AllowedMethods: []string{"PUT"}, AllowedHeaders: []string{"Content-Type"}, AllowCredentials: true}))
	r.Use(requireSession)
	http.ListenAndServe(":4000", r)
}

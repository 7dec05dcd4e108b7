package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
)

var allowedOrigins = []string{
	"http://localhost:5173",
	"http://localhost:3000",
}

func main() {
	r := chi.NewRouter()
	r.Use(cors.Handler(cors.Options{
		AllowedOrigins:   allowedOrigins,
		AllowedMethods:   []string{"GET", "POST", "PUT", "DELETE"},
		AllowCredentials: true,
		MaxAge:           300,
		AllowedHeaders:   []string{"Accept", "Content-Type", "X-Request-Id"},
	}))
	http.ListenAndServe(":4000", r)
}

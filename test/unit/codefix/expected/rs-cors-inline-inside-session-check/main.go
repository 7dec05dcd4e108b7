package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	mux := http.NewServeMux()
	handler := cors.New(cors.Options{
		AllowedOrigins:   []string{"http://localhost:5173", "http://localhost:3000"},
		AllowedMethods:   []string{"GET", "PUT"},
		AllowCredentials: true,
	}).Handler(requireSession(mux))
	http.ListenAndServe(":4000", handler)
}

package main

import (
	"net/http"

	"github.com/rs/cors"
)

func main() {
	mux := newMux()
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"*"},
		AllowedMethods:   []string{"GET", "POST", "PUT"},
		AllowedHeaders:   []string{"Content-Type"},
		AllowCredentials: true,
	})
	http.ListenAndServe(address(), c.Handler(mux))
}

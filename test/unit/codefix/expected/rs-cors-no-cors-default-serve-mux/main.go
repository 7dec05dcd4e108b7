package main

import (
	"log"
	"net/http"

	"github.com/rs/cors"
)

func main() {
	http.HandleFunc("/api/items", items)
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"http://localhost:3000"},
		AllowedMethods:   []string{"GET", "POST", "HEAD", "PUT"},
		AllowedHeaders:   []string{"Content-Type"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	log.Fatal(http.ListenAndServe(":4000", c.Handler(http.DefaultServeMux)))
}

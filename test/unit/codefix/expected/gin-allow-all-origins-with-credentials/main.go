package main

import (
	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	r.Use(cors.New(cors.Config{
		AllowMethods:     []string{"GET", "PUT"},
		AllowHeaders:     []string{"Content-Type"},
		AllowCredentials: true,
		AllowOrigins:     []string{"http://localhost:3000"},
	}))
	r.Run()
}
